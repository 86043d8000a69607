// RuntimeLog: one line of a container runtime's stdout/stderr log file.
//
// Two formats, detected per file from its first line:
//   Docker json-file: {"log":"hello\n","stream":"stdout","time":"2026-11-25T05:40:45.29Z"}
//                     (maybe with "attrs":{...}; any key order is accepted)
//   CRI:              2026-11-25T05:42:04.136268534+00:00 stdout F hello
// A long message comes in pieces: Docker splits at 16 KiB and the piece's
// "log" has no trailing "\n"; CRI marks pieces "P" and the last one "F"
// (containerd splits at 16 KiB, CRI-O and conmon at 8 KiB).  StreamJoiner
// (stream_joiner.h) puts them back together.
//
// Parsing is the hot path of lc-stdout: the CRI message is a view into the
// line, and the Docker "log" string is unescaped into a caller's scratch
// buffer, with no allocation once the buffer has grown.
#ifndef LC_COMMON_RUNTIME_LOG_H_
#define LC_COMMON_RUNTIME_LOG_H_

#include <cstdint>
#include <string>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"

namespace lc {

enum class RuntimeFormat { kUnknown, kDockerJson, kCri };
enum class LogStream { kStdout = 0, kStderr = 1 };

struct RuntimeLine {
  int64_t time = 0;       // runtime's timestamp, ns since the epoch
  LogStream stream = LogStream::kStdout;
  bool partial = false;   // more pieces of this message follow
  const char* msg = nullptr;  // the message without its trailing newline
  size_t msg_len = 0;
};

// The format of a file whose first line is [p, p+n).
RuntimeFormat DetectRuntimeFormat(const char* p, size_t n);

// Each returns false and sets *error (a static string) for a corrupt line.
// ParseDockerJsonLine unescapes into *scratch; out->msg points into it.
// `times`, if given, speeds up the timestamps of consecutive lines.
bool ParseDockerJsonLine(const char* p, size_t n, std::string* scratch, RuntimeLine* out,
                         const char** error, TimeParseCache* times = nullptr);
bool ParseCriLine(const char* p, size_t n, RuntimeLine* out, const char** error,
                  TimeParseCache* times = nullptr);

const char* LogStreamName(LogStream s);

}  // namespace lc

#endif  // LC_COMMON_RUNTIME_LOG_H_
