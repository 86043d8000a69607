#include "common/base/lock_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace lc {

Status LockFile::Acquire(const std::string& path, const std::string& what, std::unique_ptr<LockFile>* out) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Status::FromErrno(path, errno);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err != EWOULDBLOCK) {
      close(fd);
      return Status::FromErrno(path, err);
    }
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    close(fd);
    std::string pid;
    for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) pid.push_back(buf[i]);
    std::string holder = pid.empty() ? "another process" : "pid " + pid;
    return Status::InvalidArgument(what + ": in use by " + holder + " (lock " + path + ")");
  }
  // Ours now: say who holds it.  A failure here costs only the name in a
  // refusal, never the lock.
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) == 0) (void)!pwrite(fd, pid.data(), pid.size(), 0);
  out->reset(new LockFile(fd));
  return Status::OK();
}

LockFile::~LockFile() { close(fd_); }

}  // namespace lc
