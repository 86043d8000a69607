#include "common/base/duration.h"

#include <cmath>
#include <cstdlib>
#include <cerrno>

namespace lc {

Status ParseDuration(const std::string& text, int64_t* nanos) {
  const char* s = text.c_str();
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s, &end);
  if (end == s || errno != 0 || v < 0 || !std::isfinite(v)) {
    return Status::InvalidArgument("invalid duration '" + text + "' (want e.g. 500ms, 1s, 5m)");
  }
  std::string unit(end);
  double scale;
  if (unit.empty() || unit == "s") scale = 1e9;
  else if (unit == "ms") scale = 1e6;
  else if (unit == "us") scale = 1e3;
  else if (unit == "ns") scale = 1;
  else if (unit == "m") scale = 60e9;
  else if (unit == "h") scale = 3600e9;
  else if (unit == "d") scale = 86400e9;
  else return Status::InvalidArgument("invalid duration unit in '" + text + "' (use ms, s, m, h, d)");
  double n = v * scale;
  if (n > 9.2e18) return Status::InvalidArgument("duration too large: '" + text + "'");
  *nanos = static_cast<int64_t>(n);
  return Status::OK();
}

}  // namespace lc
