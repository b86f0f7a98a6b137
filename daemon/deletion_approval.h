// DeletionApproval: the operator's one-shot approval of deletions the prune guard held back, a file
// named "approve-deletions" in the state dir. Grant() leaves it; Take() reports whether it was there and
// removes it, so one approval allows one set of held-back deletions.
// Thread-safety: Take() may race another Take() of another process; only one of them gets the approval.
#pragma once

#include <filesystem>

#include "common/status.h"

namespace edgecert::daemon {

class DeletionApproval {
 public:
  explicit DeletionApproval(std::filesystem::path state_dir) : file_(std::move(state_dir) / "approve-deletions") {}

  Status Grant() const;
  // True when an approval was waiting (it is used up now).
  bool Take() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

}  // namespace edgecert::daemon
