#include "common/base/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "common/base/atomic_file.h"  // WriteFully
#include "common/base/confined_open.h"
#include "common/base/rooted_file_system.h"

namespace lc {

Status LinkLeavesContainer(const std::string& path) {
  return Status::IOError(path + ": symlink leaves the container, not followed");
}

void FileInfoFromStat(const struct stat& st, FileInfo* info) {
  info->dev = st.st_dev;
  info->ino = st.st_ino;
  info->size = st.st_size;
  info->mtime_ns = int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
  info->nlink = st.st_nlink;
  info->is_dir = S_ISDIR(st.st_mode);
  info->is_regular = S_ISREG(st.st_mode);
  info->is_symlink = S_ISLNK(st.st_mode);
}

namespace {

void FromStat(const struct stat& st, FileInfo* info) { FileInfoFromStat(st, info); }


class PosixFile : public File {
 public:
  explicit PosixFile(int fd) : fd_(fd) {}
  ~PosixFile() override { close(fd_); }
  Status Stat(FileInfo* info) override {
    struct stat st;
    if (fstat(fd_, &st) != 0) return Status::FromErrno("fstat", errno);
    FromStat(st, info);
    return Status::OK();
  }
  Status ReadAt(int64_t offset, char* buf, size_t n, size_t* got) override {
    for (;;) {
      ssize_t r = pread(fd_, buf, n, offset);
      if (r >= 0) {
        *got = static_cast<size_t>(r);
        return Status::OK();
      }
      if (errno != EINTR) return Status::FromErrno("read", errno);
    }
  }

 private:
  int fd_;
};

class PosixWritableFile : public WritableFile {
 public:
  PosixWritableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixWritableFile() override { close(fd_); }
  Status Append(const char* p, size_t n) override { return WriteFully(fd_, p, n, path_); }
  Status Sync() override { return fsync(fd_) == 0 ? Status::OK() : Status::FromErrno(path_, errno); }
  Status Truncate(int64_t size) override {
    return ftruncate(fd_, size) == 0 ? Status::OK() : Status::FromErrno(path_, errno);
  }

 private:
  int fd_;
  std::string path_;
};

bool UnderRoot(const std::string& path, const std::string& root) { return PathIsBelow(path, root); }

class PosixFileSystem : public FileSystem {
 public:
  Status Open(const std::string& path, const std::string& root, const std::string& beneath,
              std::unique_ptr<File>* file) override {
    // O_NOATIME: under relatime a read after each append updates atime (a
    // metadata write per wake-up on a followed log); it needs the file's
    // owner or CAP_FOWNER, so EPERM means "open it the ordinary way".
    constexpr int kFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    int fd;
    if (root.empty()) {
      fd = open(path.c_str(), kFlags | O_NOATIME);
      if (fd < 0 && errno == EPERM) fd = open(path.c_str(), kFlags);
      if (fd < 0) return Status::FromErrno(path, errno);
    } else {
      bool in_root = UnderRoot(path, root);
      const std::string& dir = in_root ? root : beneath;
      if (!UnderRoot(path, dir)) {
        return Status::IOError(path + ": outside the container's root and directories, not opened");
      }
      int dirfd = open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (dirfd < 0) return Status::FromErrno(dir, errno);
      std::string rel = path.substr(dir.size() + (dir.back() == '/' ? 0 : 1));
      Confine how = in_root ? Confine::kInRoot : Confine::kBeneath;
      fd = OpenConfined(dirfd, rel, how, kFlags | O_NOATIME);
      if (fd < 0 && errno == EPERM) fd = OpenConfined(dirfd, rel, how, kFlags);
      int err = errno;
      close(dirfd);
      if (fd < 0) {
        return err == EXDEV || err == ELOOP ? LinkLeavesContainer(path) : Status::FromErrno(path, err);
      }
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
      close(fd);
      return Status::IOError(path + ": not a regular file");
    }
    file->reset(new PosixFile(fd));
    return Status::OK();
  }

  std::unique_ptr<RootedFileSystem> Within(const std::string& root, const std::string& beneath) override {
    return std::make_unique<RootedFileSystem>(this, root, beneath);
  }

  Status Stat(const std::string& path, FileInfo* info) override {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return Status::FromErrno(path, errno);
    FromStat(st, info);
    return Status::OK();
  }

  Status ReadLink(const std::string& path, std::string* target) override {
    char buf[PATH_MAX];
    ssize_t n = readlink(path.c_str(), buf, sizeof buf);
    if (n < 0) return Status::FromErrno(path, errno);
    if (static_cast<size_t>(n) == sizeof buf) return Status::IOError(path + ": symlink target too long");
    target->assign(buf, static_cast<size_t>(n));
    return Status::OK();
  }

  Status Lstat(const std::string& path, FileInfo* info) override {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return Status::FromErrno(path, errno);
    FromStat(st, info);
    return Status::OK();
  }

  Status ListDirStat(const std::string& dir, const std::function<bool(const char*)>& want,
                     std::vector<std::pair<std::string, FileInfo>>* entries) override {
    entries->clear();
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return Status::FromErrno(dir, errno);
    int dfd = dirfd(d);
    while (struct dirent* e = readdir(d)) {
      if (e->d_name[0] == '.' && (e->d_name[1] == 0 || (e->d_name[1] == '.' && e->d_name[2] == 0))) {
        continue;
      }
      if (!want(e->d_name)) continue;
      struct stat st;
      if (fstatat(dfd, e->d_name, &st, 0) != 0) continue;
      FileInfo info;
      FromStat(st, &info);
      entries->emplace_back(e->d_name, info);
    }
    closedir(d);
    return Status::OK();
  }

  Status OpenForWrite(const std::string& path, WriteMode how, int mode,
                      std::unique_ptr<WritableFile>* file) override {
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    flags |= how == WriteMode::kTruncate ? O_TRUNC : how == WriteMode::kExclusive ? O_EXCL : O_APPEND;
    int fd = open(path.c_str(), flags, mode);
    if (fd < 0) return Status::FromErrno(path, errno);
    file->reset(new PosixWritableFile(fd, path));
    return Status::OK();
  }

  Status Rename(const std::string& from, const std::string& to) override {
    return rename(from.c_str(), to.c_str()) == 0 ? Status::OK() : Status::FromErrno(to, errno);
  }

  Status Remove(const std::string& path) override {
    return unlink(path.c_str()) == 0 || errno == ENOENT ? Status::OK() : Status::FromErrno(path, errno);
  }

  Status SyncDir(const std::string& dir) override {
    int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Status::FromErrno(dir, errno);
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    return rc == 0 ? Status::OK() : Status::FromErrno(dir, err);
  }

  Status MakeDirectories(const std::string& dir, int mode) override {
    for (size_t i = 1; i <= dir.size(); i++) {
      if (i == dir.size() || dir[i] == '/') {
        std::string at = dir.substr(0, i);
        if (mkdir(at.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) return Status::FromErrno(at, errno);
      }
    }
    return Status::OK();
  }

  Status ListDir(const std::string& dir, std::vector<std::string>* names) override {
    names->clear();
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return Status::FromErrno(dir, errno);
    while (struct dirent* e = readdir(d)) {
      if (e->d_name[0] == '.' && (e->d_name[1] == 0 || (e->d_name[1] == '.' && e->d_name[2] == 0))) {
        continue;
      }
      names->emplace_back(e->d_name);
    }
    closedir(d);
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<RootedFileSystem> FileSystem::Within(const std::string& root, const std::string& beneath) {
  return nullptr;
}

Status FileSystem::ReadLink(const std::string& path, std::string* target) {
  return Status::IOError(path + ": not a symlink");
}

Status FileSystem::ListDirStat(const std::string& dir, const std::function<bool(const char*)>& want,
                               std::vector<std::pair<std::string, FileInfo>>* entries) {
  entries->clear();
  std::vector<std::string> names;
  Status s = ListDir(dir, &names);
  if (!s.ok()) return s;
  for (const std::string& name : names) {
    FileInfo info;
    if (want(name.c_str()) && Stat(JoinPath(dir, name), &info).ok()) entries->emplace_back(name, info);
  }
  return Status::OK();
}

bool PathIsBelow(const std::string& path, const std::string& root) {
  if (root.empty() || root == "/") return false;
  std::string r = root.back() == '/' ? root.substr(0, root.size() - 1) : root;
  return path.size() > r.size() && path.compare(0, r.size(), r) == 0 && path[r.size()] == '/';
}

FileSystem* RealFileSystem() {
  static PosixFileSystem fs;
  return &fs;
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string AbsolutePath(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char buf[4096];
  if (getcwd(buf, sizeof buf) == nullptr) return path;
  std::string p = path;
  while (p.compare(0, 2, "./") == 0) p.erase(0, 2);
  return JoinPath(buf, p);
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == ".") return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace lc
