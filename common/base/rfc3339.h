// RFC 3339 time: the wall-clock form of records, runtime log lines and
// container events ("2026-11-25T05:40:45.295588061Z"), parsed and formatted
// on the hot paths (every runtime log line, every record), with caches for
// streams of nearby times.
#ifndef LC_COMMON_RFC3339_H_
#define LC_COMMON_RFC3339_H_

#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lc {

// Parses an RFC 3339 time with 0 to 9 fractional digits and a zone of "Z" or
// "+hh:mm"/"-hh:mm" into nanoseconds since the epoch.  Returns false if
// `text` is not such a time.  Fast: used on every runtime log line.
bool ParseRfc3339(const char* p, size_t n, int64_t* nanos);

// Formats nanoseconds since the epoch as "YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ"
// (always 30 characters) into `out`, which must hold 30 bytes.
void FormatRfc3339Nanos(int64_t nanos, char* out);
std::string FormatRfc3339Nanos(int64_t nanos);

// FormatRfc3339Nanos for a stream of nearby times: the date and clock part
// is formatted once per second, only the nanoseconds per call.
class TimeFormatCache {
 public:
  void Format(int64_t nanos, char* out);

 private:
  int64_t sec_ = INT64_MIN;
  char text_[30];
};

// ParseRfc3339 for a stream of lines whose times share their second: the
// "YYYY-MM-DDThh:mm:ss" prefix is converted once, and reused while it is
// byte-for-byte the same.
class TimeParseCache {
 public:
  bool Parse(const char* p, size_t n, int64_t* nanos);

 private:
  char prefix_[19] = {};
  int64_t prefix_nanos_ = 0;
  bool valid_ = false;
};

}  // namespace lc

#endif  // LC_COMMON_RFC3339_H_
