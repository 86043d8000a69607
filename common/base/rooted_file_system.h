// RootedFileSystem: the lookups a watch makes while it expands its pattern
// and polls (Stat, Lstat, ListDir, ListDirStat), resolved as
// FileSystem::Open resolves that watch's files, so that a symlink the
// container planted is followed as the container sees it, never on the
// host:
//   - a path below `root` (the container's "/") with Confine::kInRoot: an
//     absolute link means the container's own /..., ".." stops at its root;
//   - any other path below `beneath` (the directory the pattern names: an
//     upper dir or a mount's source) with Confine::kBeneath: a link that
//     leads out of it is refused;
//   - the directories above them (the host's, that lead to them: the glob
//     walks down from "/") as the base FileSystem answers;
//   - nothing else (IOError).
// The paths stay as written (a directory reached through a link keeps its
// name), and mean what Open makes of them.  Entries that ListDirStat leaves
// out because their link leads out of the container (EXDEV, ELOOP) are
// kept for the caller to report once (TakeRefused).  Writes go to the base
// FileSystem unconfined: a watch never writes.
//
// A view lives for one discovery (or one poll): it opens root and beneath
// once, when first needed, and holds them until it is destroyed, so a
// directory replaced meanwhile is seen by the next view.
#ifndef LC_COMMON_ROOTED_FILE_SYSTEM_H_
#define LC_COMMON_ROOTED_FILE_SYSTEM_H_

#include <dirent.h>

#include <string>
#include <vector>

#include "common/base/file_system.h"

namespace lc {

class RootedFileSystem : public FileSystem {
 public:
  RootedFileSystem(FileSystem* base, std::string root, std::string beneath)
      : base_(base), root_(std::move(root)), beneath_(std::move(beneath)) {}
  ~RootedFileSystem() override;
  RootedFileSystem(const RootedFileSystem&) = delete;
  RootedFileSystem& operator=(const RootedFileSystem&) = delete;

  Status Open(const std::string& path, const std::string& root, const std::string& beneath,
              std::unique_ptr<File>* file) override {
    return base_->Open(path, root_, beneath_, file);
  }
  Status Stat(const std::string& path, FileInfo* info) override;
  Status Lstat(const std::string& path, FileInfo* info) override;
  Status ReadLink(const std::string& path, std::string* target) override;
  Status ListDir(const std::string& dir, std::vector<std::string>* names) override;
  Status ListDirStat(const std::string& dir, const std::function<bool(const char*)>& want,
                     std::vector<std::pair<std::string, FileInfo>>* entries) override;

  Status OpenForWrite(const std::string& path, WriteMode how, int mode,
                      std::unique_ptr<WritableFile>* file) override {
    return base_->OpenForWrite(path, how, mode, file);
  }
  Status Rename(const std::string& from, const std::string& to) override { return base_->Rename(from, to); }
  Status Remove(const std::string& path) override { return base_->Remove(path); }
  Status SyncDir(const std::string& dir) override { return base_->SyncDir(dir); }
  Status MakeDirectories(const std::string& dir, int mode) override { return base_->MakeDirectories(dir, mode); }

  // Paths left out since the last call because a link leads out of the
  // container (or loops).
  std::vector<std::string> TakeRefused() { return std::move(refused_); }

  // Where `path` is looked up (see above).
  enum class Place { kHost, kInRoot, kBeneath, kNowhere };
  Place PlaceOf(const std::string& path) const;

  // Opens `path` confined (open(2) `flags`): a descriptor, or -1 with
  // *err set (EXDEV: out of the container, or not below root/beneath).
  int OpenIn(const std::string& path, int flags, int* err);

 private:
  // opendir(3) of `dir` confined.
  Status OpenDir(const std::string& dir, DIR** d);
  // Stat of `path` confined: 0, or the errno.
  int StatIn(const std::string& path, FileInfo* info);
  Status Fail(const std::string& path, int err) const;

  FileSystem* base_;
  std::string root_, beneath_;
  int root_fd_ = -1, beneath_fd_ = -1;  // O_PATH, opened by OpenIn when first needed
  std::vector<std::string> refused_;
};

}  // namespace lc

#endif  // LC_COMMON_ROOTED_FILE_SYSTEM_H_
