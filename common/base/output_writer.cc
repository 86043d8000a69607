#include "common/base/output_writer.h"

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

OutputWriter::OutputWriter(int fd, size_t flush_at) : fd_(fd), flush_at_(flush_at) {
  // Room for a full buffer and one more ordinary record, so Reserve rarely
  // has to grow (only for a record longer than 64 KiB).
  cap_ = flush_at + 65536;
  buf_.reset(new char[cap_]);
  WidenPipe(fd);
}

char* OutputWriter::Grow(size_t n) {
  size_t cap = cap_ * 2;
  if (cap < size_ + n) cap = size_ + n;
  std::unique_ptr<char[]> b(new char[cap]);
  memcpy(b.get(), buf_.get(), size_);
  buf_ = std::move(b);
  cap_ = cap;
  return buf_.get() + size_;
}

Status OutputWriter::Flush() {
  size_t done = 0;
  while (done < size_ && !closed_) {
    ssize_t w = write(fd_, buf_.get() + done, size_ - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) {
        closed_ = true;
        break;
      }
      memmove(buf_.get(), buf_.get() + done, size_ - done);
      size_ -= done;
      return Status::FromErrno("stdout", errno);
    }
    done += static_cast<size_t>(w);
  }
  size_ = 0;
  // A 10 MiB line grew the buffer; do not keep that much memory for good.
  if (cap_ > 2 * (flush_at_ + 65536)) {
    cap_ = flush_at_ + 65536;
    buf_.reset(new char[cap_]);
  }
  return Status::OK();
}

}  // namespace lc
