// FileStateStore: a StateStore kept in one file of the state directory. Writes go to a temporary file
// in the same directory, are fsynced, renamed over the old file and the directory fsynced, so a crash
// leaves either the old or the new state. The file is mode 0600; a world-writable state directory or a
// symlinked state file is refused. Thread-safety: safe for concurrent use; writes are serialized.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "reconcile/state/state_lock.h"
#include "reconcile/state/state_store.h"

namespace edgecert::reconcile {

class FileStateStore final : public StateStore {
 public:
  // Largest state file Read accepts; an inventory of 10,000 objects is a few megabytes.
  static constexpr std::uintmax_t kMaxStateBytes = 64u << 20;

  // Uses `state_dir/file_name`, creating `state_dir` with mode 0700 when missing. Removes temporary
  // files a crash left behind mid-write (only this store's own prefix).
  static Result<std::unique_ptr<FileStateStore>> Open(const std::filesystem::path& state_dir,
                                                      const std::string& file_name = "inventory.json");
  // As Open, holding the state dir's writer lock (state_lock.h) for the store's life: a second writer
  // is refused with an error naming the holder. `command` names this process to it.
  static Result<std::unique_ptr<FileStateStore>> OpenLocked(const std::filesystem::path& state_dir,
                                                            const std::string& command,
                                                            const std::string& file_name = "inventory.json");
  // For a reader beside a running writer (`plan`): creates and removes nothing (a temporary file may be
  // a writer's write in progress) and refuses Write. Each Read sees one whole state, because writers
  // rename complete files into place. A missing state dir reads as nothing stored.
  static Result<std::unique_ptr<FileStateStore>> OpenReadOnly(const std::filesystem::path& state_dir,
                                                              const std::string& file_name = "inventory.json");

  Result<std::optional<std::string>> Read() override;
  Status Write(std::string_view bytes) override;
  std::string Describe() const override { return path_.string(); }

  FileStateStore(const FileStateStore&) = delete;
  FileStateStore& operator=(const FileStateStore&) = delete;

 private:
  FileStateStore(std::filesystem::path dir, std::filesystem::path path, bool read_only);
  static Status CheckFileName(const std::string& file_name);
  static Result<std::unique_ptr<FileStateStore>> OpenWritable(const std::filesystem::path& state_dir,
                                                              const std::string& file_name,
                                                              const std::string& lock_command);

  // The state file must be a regular file, never a symlink (which could point anywhere as root).
  Status CheckNotSymlink() const;

  const std::filesystem::path dir_;
  const std::filesystem::path path_;
  const bool read_only_;
  std::unique_ptr<StateLock> lock_;  // null unless opened with OpenLocked
  std::mutex write_mu_;  // one writer at a time, so renames land in call order
};

}  // namespace edgecert::reconcile
