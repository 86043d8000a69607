#include "common/base/rooted_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "common/base/confined_open.h"

namespace lc {

namespace {

bool SameOrBelow(const std::string& path, const std::string& dir) {
  if (dir.empty()) return false;
  std::string d = dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1) : dir;
  return path == d || PathIsBelow(path, d);
}

// The part of `path` after `dir` ("." for dir itself: openat2 refuses "").
std::string Rest(const std::string& path, const std::string& dir) {
  size_t n = dir.size() - (dir.size() > 1 && dir.back() == '/' ? 1 : 0);
  return path.size() > n ? path.substr(n + 1) : std::string(".");
}

// Whether `path` is `dir` or one of its ancestors.
bool AtOrAbove(const std::string& path, const std::string& dir) {
  return !dir.empty() && (SameOrBelow(dir, path) || (path == "/" && dir[0] == '/'));
}

bool IsDotOrDotDot(const char* n) { return n[0] == '.' && (n[1] == 0 || (n[1] == '.' && n[2] == 0)); }

}  // namespace

RootedFileSystem::~RootedFileSystem() {
  if (root_fd_ >= 0) close(root_fd_);
  if (beneath_fd_ >= 0) close(beneath_fd_);
}

RootedFileSystem::Place RootedFileSystem::PlaceOf(const std::string& path) const {
  if (SameOrBelow(path, root_) && root_ != "/") return Place::kInRoot;
  if ((AtOrAbove(path, root_) && path != root_) || (AtOrAbove(path, beneath_) && path != beneath_)) {
    return Place::kHost;
  }
  if (SameOrBelow(path, beneath_) && beneath_ != "/") return Place::kBeneath;
  return Place::kNowhere;
}

int RootedFileSystem::OpenIn(const std::string& path, int flags, int* err) {
  Place where = PlaceOf(path);
  if (where != Place::kInRoot && where != Place::kBeneath) {
    *err = EXDEV;
    return -1;
  }
  const std::string& base = where == Place::kInRoot ? root_ : beneath_;
  int& dirfd = where == Place::kInRoot ? root_fd_ : beneath_fd_;
  if (dirfd < 0) {
    dirfd = open(base.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
      *err = errno;
      return -1;
    }
  }
  int fd = OpenConfined(dirfd, Rest(path, base), where == Place::kInRoot ? Confine::kInRoot : Confine::kBeneath,
                        flags | O_CLOEXEC);
  *err = errno;
  return fd;
}

Status RootedFileSystem::Fail(const std::string& path, int err) const {
  return err == EXDEV || err == ELOOP ? LinkLeavesContainer(path) : Status::FromErrno(path, err);
}

int RootedFileSystem::StatIn(const std::string& path, FileInfo* info) {
  int err = 0;
  int fd = OpenIn(path, O_PATH, &err);
  if (fd < 0) return err;
  struct stat st;
  int rc = fstat(fd, &st);
  err = errno;
  close(fd);
  if (rc != 0) return err;
  FileInfoFromStat(st, info);
  return 0;
}

Status RootedFileSystem::Stat(const std::string& path, FileInfo* info) {
  if (PlaceOf(path) == Place::kHost) return base_->Stat(path, info);
  int err = StatIn(path, info);
  return err == 0 ? Status::OK() : Fail(path, err);
}

Status RootedFileSystem::Lstat(const std::string& path, FileInfo* info) {
  if (PlaceOf(path) == Place::kHost) return base_->Lstat(path, info);
  std::string dir = DirName(path);
  if (PlaceOf(dir) == Place::kHost) return Stat(path, info);  // root or beneath itself: not a link of the container's
  int err = 0;
  int fd = OpenIn(dir, O_PATH | O_DIRECTORY, &err);
  if (fd < 0) return Fail(path, err);
  struct stat st;
  int rc = fstatat(fd, BaseName(path).c_str(), &st, AT_SYMLINK_NOFOLLOW);
  err = errno;
  close(fd);
  if (rc != 0) return Status::FromErrno(path, err);
  FileInfoFromStat(st, info);
  return Status::OK();
}

Status RootedFileSystem::ReadLink(const std::string& path, std::string* target) {
  if (PlaceOf(path) == Place::kHost) return base_->ReadLink(path, target);
  int err = 0;
  int fd = OpenIn(DirName(path), O_PATH | O_DIRECTORY, &err);
  if (fd < 0) return Fail(path, err);
  char buf[PATH_MAX];
  ssize_t n = readlinkat(fd, BaseName(path).c_str(), buf, sizeof buf);
  err = errno;
  close(fd);
  if (n < 0) return Status::FromErrno(path, err);
  if (static_cast<size_t>(n) == sizeof buf) return Status::IOError(path + ": symlink target too long");
  target->assign(buf, static_cast<size_t>(n));
  return Status::OK();
}

Status RootedFileSystem::OpenDir(const std::string& dir, DIR** d) {
  int err = 0;
  int fd = OpenIn(dir, O_RDONLY | O_DIRECTORY, &err);
  if (fd < 0) return Fail(dir, err);
  *d = fdopendir(fd);
  if (*d == nullptr) {
    err = errno;
    close(fd);
    return Status::FromErrno(dir, err);
  }
  return Status::OK();
}

Status RootedFileSystem::ListDir(const std::string& dir, std::vector<std::string>* names) {
  if (PlaceOf(dir) == Place::kHost) return base_->ListDir(dir, names);
  names->clear();
  DIR* d;
  if (Status s = OpenDir(dir, &d); !s.ok()) return s;
  while (struct dirent* e = readdir(d)) {
    if (!IsDotOrDotDot(e->d_name)) names->emplace_back(e->d_name);
  }
  closedir(d);
  return Status::OK();
}

Status RootedFileSystem::ListDirStat(const std::string& dir, const std::function<bool(const char*)>& want,
                                     std::vector<std::pair<std::string, FileInfo>>* entries) {
  if (PlaceOf(dir) == Place::kHost) return base_->ListDirStat(dir, want, entries);
  entries->clear();
  DIR* d;
  if (Status s = OpenDir(dir, &d); !s.ok()) return s;
  int dfd = dirfd(d);
  while (struct dirent* e = readdir(d)) {
    if (IsDotOrDotDot(e->d_name) || !want(e->d_name)) continue;
    struct stat st;
    if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone meanwhile
    FileInfo info;
    if (S_ISLNK(st.st_mode)) {
      // Followed as the container would follow it, never by the host.
      std::string p = JoinPath(dir, e->d_name);
      int err = StatIn(p, &info);
      if (err != 0) {
        if (err == EXDEV || err == ELOOP) refused_.push_back(p);
        continue;
      }
    } else {
      FileInfoFromStat(st, &info);
    }
    entries->emplace_back(e->d_name, info);
  }
  closedir(d);
  return Status::OK();
}

}  // namespace lc
