// OutputWriter: the buffered stdout of a tool (NDJSON records or events).
//
// Records are assembled in place at the end of an in-memory buffer and
// written out in large writes.  The buffer is raw memory, not a
// std::string: a record writer asks for room once (Reserve), writes through
// a pointer and says where it stopped (Commit), so the hot path pays for no
// zero-filling and no size bookkeeping per field.
//
// A closed reader (EPIPE) is not an error to report: the writer marks itself
// closed and the tool ends quietly, as `head` expects.  Any other write error
// is returned.  SIGPIPE must be ignored by the process (signals.h does so).
#ifndef LC_COMMON_OUTPUT_WRITER_H_
#define LC_COMMON_OUTPUT_WRITER_H_

#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

// If `fd` is a pipe, asks for a 1 MiB pipe buffer (the default is 64 KiB), so
// a stage's 1 MiB write goes through in one wake-up of its reader instead of
// sixteen.  Harmless for anything else, and where the kernel refuses.
void WidenPipe(int fd);

class OutputWriter {
 public:
  explicit OutputWriter(int fd, size_t flush_at = 1 << 20);

  // A pointer to at least `n` writable bytes after what is buffered.  Write
  // there, then Commit the end of what was written.  Any later Reserve or
  // Append may move the buffer.
  char* Reserve(size_t n) { return cap_ - size_ >= n ? buf_.get() + size_ : Grow(n); }
  void Commit(char* end) { size_ = static_cast<size_t>(end - buf_.get()); }

  void Append(const char* p, size_t n) {
    char* d = Reserve(n);
    memcpy(d, p, n);
    Commit(d + n);
  }
  void Append(std::string_view s) { Append(s.data(), s.size()); }

  // What is buffered and not yet written (for tests and benchmarks).
  std::string_view pending() const { return std::string_view(buf_.get(), size_); }
  void Discard() { size_ = 0; }

  // Call after each record.
  Status MaybeFlush() { return size_ >= flush_at_ ? Flush() : Status::OK(); }
  // Writes everything buffered; blocks while the pipe is full (back-pressure).
  Status Flush();
  // True once the reader has gone away.
  bool closed() const { return closed_; }

 private:
  char* Grow(size_t n);

  int fd_;
  size_t flush_at_;
  std::unique_ptr<char[]> buf_;
  size_t size_ = 0;
  size_t cap_ = 0;
  bool closed_ = false;
};

}  // namespace lc

#endif  // LC_COMMON_OUTPUT_WRITER_H_
