// FakeFileSystem: an in-memory FileSystem for unit tests of the tailer.
//
// Files have inode numbers that the test controls, so rotation (rename then
// create), copytruncate, deletion while open and inode reuse can be staged
// exactly.  An open File keeps its inode's content alive after the path is
// renamed or removed, as a real descriptor does.
//
// Writes go to the same inodes.  FailWrites / FailSyncs make the writes (or
// fsyncs) of paths under a prefix fail with an errno (ENOSPC, EIO), so the
// failure paths of atomic files, the spool and the sinks are tested; a
// failing Append first stores half of its data, as a real short write can.
// LimitOpenFiles makes Open fail with EMFILE while that many Files are
// open, as a process at its RLIMIT_NOFILE does.
#ifndef LC_COMMON_FAKE_FILE_SYSTEM_H_
#define LC_COMMON_FAKE_FILE_SYSTEM_H_

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>
#include <string>

#include "common/base/file_system.h"

namespace lc {

class FakeFileSystem : public FileSystem {
 public:
  // Creates (or replaces) `path` with a new inode holding `content`.
  // `ino` 0 picks the next unused inode; otherwise that inode is (re)used.
  void Create(const std::string& path, const std::string& content, uint64_t ino = 0);
  void Append(const std::string& path, const std::string& data);
  void Truncate(const std::string& path, int64_t size);
  Status Rename(const std::string& from, const std::string& to) override;
  Status Remove(const std::string& path) override;
  // Pseudo-files (/proc, cgroupfs): Rewrite changes the text in place (the
  // same inode: what an open handle reads next), as the kernel regenerates
  // it; Vanish removes it and fails reads through open handles (ENODEV), as
  // for a removed cgroup or a dead process's /proc files.
  void Rewrite(const std::string& path, const std::string& content) { paths_.at(path)->data = content; }
  void Vanish(const std::string& path);
  void Deny(const std::string& path) { denied_.insert(path); }
  void SetMtime(const std::string& path, int64_t mtime_ns) { paths_.at(path)->mtime_ns = mtime_ns; }
  // Runs `then` once, right after the next read of `path`'s inode through
  // an open File: a writer or logrotate acting between two reads.
  void AfterNextRead(const std::string& path, std::function<void()> then) {
    paths_.at(path)->after_read = std::move(then);
  }
  // Runs `then` once, right before the next Open of `path` (what happens
  // between a scan's listing of a directory and its open of a name), or
  // right after the next ListDir of `dir` (between the listing and a stat).
  void BeforeNextOpen(const std::string& path, std::function<void()> then) { before_open_[path] = std::move(then); }
  void AfterNextList(const std::string& dir, std::function<void()> then) { after_list_[dir] = std::move(then); }
  uint64_t InodeOf(const std::string& path) const;
  bool Exists(const std::string& path) const { return paths_.count(path) != 0; }
  // The content of `path` ("" when absent).
  std::string Content(const std::string& path) const;
  // Paths that start with `prefix`, sorted.
  std::vector<std::string> PathsUnder(const std::string& prefix) const;
  // From now on, writes (fsyncs) under `prefix` fail with `err`; 0 heals.
  void FailWrites(int err, const std::string& prefix = "") { write_err_ = {err, prefix}; }
  void FailSyncs(int err, const std::string& prefix = "") { sync_err_ = {err, prefix}; }
  // From now on, Open fails with EMFILE while `n` Files are open (-1: no limit).
  void LimitOpenFiles(int n) { open_limit_ = n; }
  int open_files() const { return *open_files_; }
  // The errno a write (sync) to `path` fails with now, 0 for none.
  int WriteError(const std::string& path) const { return ErrorFor(write_err_, path); }
  int SyncError(const std::string& path) const { return ErrorFor(sync_err_, path); }

  Status Open(const std::string& path, const std::string& root, const std::string& beneath,
              std::unique_ptr<File>* file) override;
  Status Stat(const std::string& path, FileInfo* info) override;
  Status Lstat(const std::string& path, FileInfo* info) override { return Stat(path, info); }
  Status ListDir(const std::string& dir, std::vector<std::string>* names) override;
  Status OpenForWrite(const std::string& path, WriteMode how, int mode,
                      std::unique_ptr<WritableFile>* file) override;
  Status SyncDir(const std::string& dir) override;
  Status MakeDirectories(const std::string& dir, int mode) override;

  struct Inode {
    uint64_t ino;
    std::string data;
    uint64_t nlink = 1;
    int64_t mtime_ns = 0;
    bool vanished = false;  // reads through open handles fail (Vanish)
    std::function<void()> after_read;  // AfterNextRead
  };

 private:
  std::map<std::string, std::shared_ptr<Inode>> paths_;
  static int ErrorFor(const std::pair<int, std::string>& e, const std::string& path) {
    return e.first != 0 && path.compare(0, e.second.size(), e.second) == 0 ? e.first : 0;
  }
  std::set<std::string> denied_, dirs_;
  std::map<std::string, std::function<void()>> before_open_, after_list_;
  // Takes the hook for `key` out of `hooks` and runs it (none: nothing).
  static void RunHook(std::map<std::string, std::function<void()>>* hooks, const std::string& key);
  std::pair<int, std::string> write_err_{0, ""}, sync_err_{0, ""};
  uint64_t next_ino_ = 100;
  int open_limit_ = -1;
  std::shared_ptr<int> open_files_ = std::make_shared<int>(0);  // outlives us in Files
};

}  // namespace lc

#endif  // LC_COMMON_FAKE_FILE_SYSTEM_H_
