// FileStateStore: a StateStore kept in the state directory as a snapshot file and a journal beside it
// (FILE.journal). A commit appends what it changed as one JSON line and fdatasyncs it, so a write costs
// the change, not the inventory; once the journal holds half as many lines as the state has records (at
// least 1000) the whole state is written as a new snapshot and the journal emptied. Snapshots go to a
// temporary file, are fsynced, renamed over the old one and the directory fsynced. A crash leaves the
// old or the new state: a torn last journal line is ignored, and replaying lines over a snapshot that
// already holds them changes nothing. Files are mode 0600; a world-writable state directory or a
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

  // The whole state (snapshot with the journal replayed) as one inventory document.
  Result<std::optional<std::string>> Read() override;
  // Replaces the whole state: a new snapshot, and an empty journal.
  Status Write(std::string_view bytes) override;
  std::string Describe() const override { return path_.string(); }
  Result<InventoryRecords> LoadRecords() override;
  Status CommitRecords(const InventoryRecords& before, const InventoryRecords& after) override;
  Status CommitChange(const InventoryRecords& before, const RecordsChange& change) override;

  ~FileStateStore() override;

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
  // A file's bytes (nullopt when missing), refusing symlinks and files over kMaxStateBytes.
  Result<std::optional<std::string>> ReadFile(const std::filesystem::path& path) const;
  // The snapshot with every complete journal line replayed; notes the journal's valid length.
  Result<InventoryRecords> LoadLocked();
  Status WriteSnapshotLocked(std::string_view bytes);
  Status AppendLocked(const std::string& line);
  void EmptyJournalLocked();

  const std::filesystem::path dir_;
  const std::filesystem::path path_;
  const bool read_only_;
  const std::filesystem::path journal_path_;
  std::unique_ptr<StateLock> lock_;  // null unless opened with OpenLocked
  std::mutex write_mu_;  // one writer at a time, so renames land in call order
  int journal_fd_ = -1;              // guarded by write_mu_; opened by the first append
  std::uint64_t journal_bytes_ = 0;  // guarded by write_mu_: the journal's complete lines
  std::size_t journal_lines_ = 0;    // guarded by write_mu_
  bool journal_known_ = false;       // guarded by write_mu_: the two above were read from the file
};

}  // namespace edgecert::reconcile
