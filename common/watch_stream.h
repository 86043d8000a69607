// WatchStream: reads the watch events of DESIGN.md 3.2 (NDJSON, from
// lc-render or a file) and applies them to a Tailer:
//   {"event":"add","key":K,"paths":[...],"root":R,"tags":{...},"from":"head"}
//   {"event":"remove","key":K}
//   {"event":"sync","keys":[...]}
// Unknown fields (parser, multiline) are ignored here.  A malformed event
// is reported as "<name>: line N: <reason>" on stderr and skipped: one bad
// event must not stop the collection of everything else.
#ifndef LC_COMMON_WATCH_STREAM_H_
#define LC_COMMON_WATCH_STREAM_H_

#include <string>

#include "common/status.h"
#include "common/tailer.h"

namespace lc {

class WatchStream {
 public:
  WatchStream(int fd, std::string name, Tailer* tailer, const char* tool)
      : fd_(fd), name_(std::move(name)), tailer_(tailer), tool_(tool) {}

  // Reads what is available and applies complete lines.  False at EOF.
  bool ReadAvailable();
  // Reads to EOF, blocking (for --once).
  void ReadAll();

  // Parses and applies one event.
  Status Apply(const std::string& line);

 private:
  bool ReadSome(bool* eof);
  void ApplyLines();

  int fd_;
  std::string name_;
  Tailer* tailer_;
  const char* tool_;
  std::string pending_;
  int line_no_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_WATCH_STREAM_H_
