#include "common/sql/sql_time.h"

#include <string>

#include "common/base/rfc3339.h"

namespace lc {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool ParseSqlTime(std::string_view t, int64_t* nanos) {
  // "YYYY-MM-DD?hh:mm:ss": the fixed part, checked by ParseRfc3339 below.
  if (t.size() < 19 || (t[10] != ' ' && t[10] != 'T' && t[10] != 't')) return false;
  std::string r(t.substr(0, 19));
  r[10] = 'T';
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    size_t j = i + 1;
    while (j < t.size() && IsDigit(t[j])) ++j;
    if (j == i + 1 || j - i - 1 > 9) return false;
    r.append(t.substr(i, j - i));
    i = j;
  }
  std::string_view zone = t.substr(i);
  if (zone.empty() || zone == "Z" || zone == "z") {
    r.push_back('Z');
  } else if (zone[0] == '+' || zone[0] == '-') {
    std::string_view d = zone.substr(1);
    auto digits = [](std::string_view s) { return s.size() == 2 && IsDigit(s[0]) && IsDigit(s[1]); };
    if (d.size() == 2 && digits(d)) {
      r.append(zone).append(":00");
    } else if (d.size() == 4 && digits(d.substr(0, 2)) && digits(d.substr(2))) {
      r.append(zone.substr(0, 3)).push_back(':');
      r.append(d.substr(2));
    } else if (d.size() == 5 && d[2] == ':' && digits(d.substr(0, 2)) && digits(d.substr(3))) {
      r.append(zone);
    } else {
      return false;
    }
  } else {
    return false;
  }
  return ParseRfc3339(r.data(), r.size(), nanos);
}

}  // namespace lc
