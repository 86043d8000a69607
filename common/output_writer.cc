#include "common/output_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace lc {

void WidenPipe(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
  if (fcntl(fd, F_GETPIPE_SZ) < (1 << 20)) (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

Status OutputWriter::Flush() {
  size_t done = 0;
  while (done < buf_.size() && !closed_) {
    ssize_t w = write(fd_, buf_.data() + done, buf_.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) {
        closed_ = true;
        break;
      }
      buf_.erase(0, done);
      return Status::FromErrno("stdout", errno);
    }
    done += static_cast<size_t>(w);
  }
  buf_.clear();
  return Status::OK();
}

}  // namespace lc
