// EventStream: NDJSON events read from a file descriptor (a pipe, stdin or
// a file) and applied one line at a time: the watch events of lc-render for
// lc-tail (watch_event.h), the container events of lc-discover for lc-stdout
// (container_log_source.h).
//
// A malformed event is reported as "<tool>: <name>: line N: <reason>" on
// stderr and skipped: one bad event must not stop the collection of
// everything else.
#ifndef LC_COMMON_EVENT_STREAM_H_
#define LC_COMMON_EVENT_STREAM_H_

#include <functional>
#include <string>

#include "common/base/status.h"

namespace lc {

class EventStream {
 public:
  using Apply = std::function<Status(const std::string& line)>;
  EventStream(int fd, std::string name, const char* tool, Apply apply)
      : fd_(fd), name_(std::move(name)), tool_(tool), apply_(std::move(apply)) {}

  // Reads what is available and applies complete lines.  False at EOF.
  bool ReadAvailable();
  // Reads to EOF, blocking (for --once).
  void ReadAll();

 private:
  bool ReadSome(bool* eof);
  void ApplyLines();

  int fd_;
  std::string name_;
  const char* tool_;
  Apply apply_;
  std::string pending_;
  int line_no_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_EVENT_STREAM_H_
