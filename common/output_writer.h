// OutputWriter: the buffered stdout of a tool (NDJSON records or events).
//
// Records are appended to an in-memory buffer and written out in large
// writes.  A closed reader (EPIPE) is not an error to report: the writer
// marks itself closed and the tool ends quietly, as `head` expects.  Any
// other write error is returned.  SIGPIPE must be ignored by the process
// (signals.h does so).
#ifndef LC_COMMON_OUTPUT_WRITER_H_
#define LC_COMMON_OUTPUT_WRITER_H_

#include <string>

#include "common/status.h"

namespace lc {

// If `fd` is a pipe, asks for a 1 MiB pipe buffer (the default is 64 KiB), so
// a stage's 1 MiB write goes through in one wake-up of its reader instead of
// sixteen.  Harmless for anything else, and where the kernel refuses.
void WidenPipe(int fd);

class OutputWriter {
 public:
  explicit OutputWriter(int fd, size_t flush_at = 1 << 20) : fd_(fd), flush_at_(flush_at) {
    buf_.reserve(flush_at + 65536);
    WidenPipe(fd);
  }
  // The caller appends here; call MaybeFlush() after each record.
  std::string* buffer() { return &buf_; }
  Status MaybeFlush() { return buf_.size() >= flush_at_ ? Flush() : Status::OK(); }
  // Writes everything buffered; blocks while the pipe is full (back-pressure).
  Status Flush();
  // True once the reader has gone away.
  bool closed() const { return closed_; }

 private:
  int fd_;
  size_t flush_at_;
  std::string buf_;
  bool closed_ = false;
};

}  // namespace lc

#endif  // LC_COMMON_OUTPUT_WRITER_H_
