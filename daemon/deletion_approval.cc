#include "daemon/deletion_approval.h"

#include <cstdio>
#include <fstream>

namespace edgecert::daemon {

Status DeletionApproval::Grant() const {
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  if (ec) return Unavailable("cannot create the state dir " + file_.parent_path().string() + ": " + ec.message());
  std::ofstream out(file_, std::ios::trunc);
  out << "approved\n";
  out.close();
  if (!out) return Unavailable("cannot write " + file_.string());
  return Status::Ok();
}

bool DeletionApproval::Take() const {
  // rename(2) is atomic: of two takers only one moves the file away.
  const std::filesystem::path taken = file_.string() + ".taken";
  if (std::rename(file_.c_str(), taken.c_str()) != 0) return false;
  std::error_code ec;
  std::filesystem::remove(taken, ec);
  return true;
}

}  // namespace edgecert::daemon
