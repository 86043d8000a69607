#include "common/base/confined_open.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace lc {
namespace {

// The kernel's own limit on symlinks followed in one path walk (MAXSYMLINKS).
constexpr int kMaxSymlinks = 40;

// Set once openat2 has said ENOSYS: this kernel is older than 5.6.
std::atomic<bool> g_no_openat2{false};

bool WalkForced() {
  const char* v = getenv("LCTK_NO_OPENAT2");
  return v != nullptr && strcmp(v, "1") == 0;
}

// Appends the components of `path` to `todo` so that the first one is at the
// back (the next to walk); "" and "." are dropped.
void PushComponents(const std::string& path, std::vector<std::string>* todo) {
  size_t at = todo->size();
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i && !(j - i == 1 && path[i] == '.')) todo->insert(todo->begin() + at, path.substr(i, j - i));
    i = j + 1;
  }
}

// The directories walked so far, from the base (front) down: what ".." pops.
class DirStack {
 public:
  ~DirStack() {
    for (int fd : fds_) close(fd);
  }
  bool Start(int base_fd) {
    int fd = fcntl(base_fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) return false;
    fds_.push_back(fd);
    return true;
  }
  int top() const { return fds_.back(); }
  bool at_base() const { return fds_.size() == 1; }
  void Push(int fd) { fds_.push_back(fd); }
  void Pop() {
    close(fds_.back());
    fds_.pop_back();
  }
  void BackToBase() {
    while (!at_base()) Pop();
  }

 private:
  std::vector<int> fds_;
};

int Fail(int err) {
  errno = err;
  return -1;
}

}  // namespace

int OpenConfinedByWalk(int base_fd, const std::string& rel, Confine how, int flags) {
  DirStack dirs;
  if (!dirs.Start(base_fd)) return -1;
  std::vector<std::string> todo;
  PushComponents(rel, &todo);
  int links = 0;
  while (!todo.empty()) {
    std::string name = std::move(todo.back());
    todo.pop_back();
    if (name == "..") {
      if (!dirs.at_base()) {
        dirs.Pop();
      } else if (how == Confine::kBeneath) {
        return Fail(EXDEV);
      }  // else: ".." of the root is the root, as in the kernel's RESOLVE_IN_ROOT
      continue;
    }
    bool last = todo.empty();
    if (last) {
      // O_NOFOLLOW: a symlink here (even one swapped in since a look) is
      // ELOOP, never followed by the kernel; it is resolved below instead.
      // With O_DIRECTORY the kernel says ENOTDIR for a link, not ELOOP;
      // with O_PATH it opens the link itself.
      int fd = openat(dirs.top(), name.c_str(), flags | O_NOFOLLOW);
      struct stat st;
      if (fd >= 0 && (flags & O_PATH) != 0 && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
        close(fd);
      } else if (fd >= 0 || (errno != ELOOP && !(errno == ENOTDIR && (flags & O_DIRECTORY) != 0))) {
        return fd;
      }
    }
    int fd = openat(dirs.top(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
      int err = errno;
      close(fd);
      return Fail(err);
    }
    if (last && !S_ISLNK(st.st_mode) && !S_ISDIR(st.st_mode) && (flags & O_DIRECTORY) != 0) {
      close(fd);
      return Fail(ENOTDIR);
    }
    if (S_ISLNK(st.st_mode) || last) {
      // `last` and not a link: it was one a moment ago; walk it again, counted.
      if (++links > kMaxSymlinks) {
        close(fd);
        return Fail(ELOOP);
      }
      if (!S_ISLNK(st.st_mode)) {
        close(fd);
        todo.push_back(std::move(name));
        continue;
      }
      char target[PATH_MAX];
      ssize_t n = readlinkat(fd, "", target, sizeof target);
      int err = errno;
      close(fd);
      if (n < 0) return Fail(err);
      if (n == 0) return Fail(ENOENT);
      if (static_cast<size_t>(n) == sizeof target) return Fail(ENAMETOOLONG);
      if (target[0] == '/') {
        if (how == Confine::kBeneath) return Fail(EXDEV);
        dirs.BackToBase();  // an absolute target means the container's own "/"
      }
      PushComponents(std::string(target, static_cast<size_t>(n)), &todo);
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      close(fd);
      return Fail(ENOTDIR);
    }
    dirs.Push(fd);
  }
  // The path ended on a directory ("a/..", or a link to one): open that.
  return openat(dirs.top(), ".", flags);
}

int OpenConfined(int base_fd, const std::string& rel, Confine how, int flags) {
  if (!g_no_openat2.load(std::memory_order_relaxed) && !WalkForced()) {
    struct open_how oh = {};
    oh.flags = static_cast<uint64_t>(flags);
    oh.resolve = (how == Confine::kInRoot ? RESOLVE_IN_ROOT : RESOLVE_BENEATH) | RESOLVE_NO_MAGICLINKS;
    int fd = static_cast<int>(syscall(SYS_openat2, base_fd, rel.c_str(), &oh, sizeof oh));
    if (fd >= 0) return fd;
    if (errno == ENOSYS) {
      g_no_openat2.store(true, std::memory_order_relaxed);
    } else if (errno != EPERM) {
      // EPERM: a seccomp profile older than openat2 (Docker's before 20.10)
      // refuses the call itself; the walk gives this file's real answer.
      return -1;
    }
  }
  return OpenConfinedByWalk(base_fd, rel, how, flags);
}

}  // namespace lc
