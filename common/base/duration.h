// Duration: the textual form of a time span used by every flag and config,
// "250ms", "1s", "1.5s", "5m", "2h", "7d" (a bare number is seconds).
// Wall-clock times in RFC 3339 are common/base/rfc3339.h.
#ifndef LC_COMMON_DURATION_H_
#define LC_COMMON_DURATION_H_

#include <cstdint>
#include <string>

#include "common/base/status.h"

namespace lc {

// Parses `text` into nanoseconds.  InvalidArgument names the text.
Status ParseDuration(const std::string& text, int64_t* nanos);

}  // namespace lc

#endif  // LC_COMMON_DURATION_H_
