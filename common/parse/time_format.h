// TimeFormat: a compiled --time-format, which reads the value of the
// --time-key field into the record's "time" (lc-tail(1), TIME FIELD).
//
// Conversions (strftime-style, as strptime reads them):
//   %Y year (1-4 digits)  %y 2-digit year (69-99: 19xx, 00-68: 20xx)
//   %m month  %d day  %e day, leading space allowed  %j day of the year
//   %H hour 0-23  %I hour 1-12 with %p AM/PM (any case)  %M minute
//   %S second (0-60; 60 rolls over), then an optional fraction: when the
//      value has '.' or ',' and a digit right after the seconds, 1 to 9
//      fraction digits are read -- unless the format itself goes on with
//      that same '.' or ',' (as in "%S.%f"), which then reads them
//   %f fraction of a second, 1 to 9 digits ("5" = .5 s, "123456" = 123456 us)
//   %b %B %h month name, English, full or 3-letter, any case
//   %a %A weekday name, English, full or 3-letter, any case: checked to be a
//      weekday name, not against the date
//   %z offset +0800, +08:00, +08, -05, Z   %Z zone name: only UTC, GMT or Z
//   %s seconds since the epoch, optionally signed, optionally with a
//      fraction ("1700000000.123"); the other fields are then ignored
//   %T = %H:%M:%S  %D = %m/%d/%y  %F = %Y-%m-%d  %R = %H:%M
//   %% a '%'   %n %t and a space: any amount of white space, also none
// Any other character must be there as it is.  The whole value must be
// read.  Fields not in the format default to 1970-01-01 00:00:00 except
// the year: without %Y/%y/%s it is the year of the record's read time in the
// zone (syslog's "%b %e %H:%M:%S"), or the year before when that would put
// the time more than a day after the read time.
//
// Named formats: "rfc3339" and "iso8601" (the same): YYYY-MM-DD, then 'T',
// 't' or ' ', hh:mm[:ss[.fraction or ,fraction]], then Z, +hh:mm, +hhmm or
// +hh, or nothing; a date alone is midnight.  "epoch", "epoch_ms",
// "epoch_us", "epoch_ns": a decimal number of seconds, milliseconds,
// microseconds, nanoseconds since the epoch (sign and fraction allowed; no
// exponent), a JSON number or a string.
//
// The zone (--time-zone, time_zone.h) applies only to a value without an
// offset of its own (%z, %Z, rfc3339's offset, %s and the epoch formats).
// Parsing allocates nothing and uses no regex, locale or global state.
#ifndef LC_COMMON_PARSE_TIME_FORMAT_H_
#define LC_COMMON_PARSE_TIME_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/base/time_zone.h"

namespace lc {

class TimeFormat {
 public:
  // InvalidArgument "'<fmt>': at offset N: <why>" for an unknown
  // conversion, a trailing '%', or an empty format.
  static Status Compile(const std::string& fmt, TimeFormat* out);

  // Reads `value` into nanoseconds since the epoch.  `ref` (ns) is the
  // read time, used only for a format without a year.  On false, *why
  // says what did not match (a static string).
  bool Parse(std::string_view value, const TimeZone& zone, int64_t ref, int64_t* ns, const char** why) const;

 private:
  enum Kind : char {
    kLit, kSpace, kYear, kYear2, kMonth, kDay, kDaySp, kYday, kHour, kHour12, kMinute, kSecond,
    kFrac, kMonthName, kDayName, kAmPm, kOffset, kZoneName, kEpoch,
    kRfc3339, kEpochS, kEpochMs, kEpochUs, kEpochNs,
  };
  struct Op {
    Kind kind;
    char c;  // kLit: the character
  };
  std::vector<Op> ops_;
  bool has_year_ = false;
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_TIME_FORMAT_H_
