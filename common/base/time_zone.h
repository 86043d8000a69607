// TimeZone: the rule that turns a zone's local wall-clock time into UTC,
// for the record-shaping stage's --time-zone (lc-tail(1), TIME FIELD):
// a fixed offset ("+08:00", "-0530", "+08", "UTC", "GMT", "Z") or an IANA
// name ("Asia/Shanghai") read from the tz database's TZif files
// (/usr/share/zoneinfo, Debian package tzdata).
//
// The TZif reader takes the version 2+ 64-bit section (transition times
// and their types) and, for times after the last transition, the footer's
// POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"; the Mm.w.d, Jn and n date forms,
// with /time, also negative or over 24h).  A version 1 file is read from
// its 32-bit section.  Before the first transition the first type applies.
// The process's TZ and localtime() are never used: they are global and
// not thread-safe.  A TimeZone is immutable once loaded (thread-safe).
//
// Local to UTC (LocalToUtc) when the local time is ambiguous:
//   - in an overlap (a fall-back hour that happens twice) the EARLIER
//     instant is taken (the offset in effect before the change);
//   - in a gap (a spring-forward hour that never happens) the offset in
//     effect BEFORE the gap is used, so 02:30 in New York on a spring-
//     forward day is 07:30 UTC (= 03:30 EDT), as mktime and cctz do.
#ifndef LC_COMMON_BASE_TIME_ZONE_H_
#define LC_COMMON_BASE_TIME_ZONE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/base/status.h"

namespace lc {

// Days since 1970-01-01 of a proleptic Gregorian date, and the year of such
// a day count (Howard Hinnant's algorithms).
int64_t CivilDays(int64_t year, unsigned month, unsigned day);
int CivilYear(int64_t days);
// The Gregorian calendar's leap years, and the days of `month` (1-12).
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, unsigned month);

class TimeZone {
 public:
  // UTC.
  TimeZone() = default;

  // `name`: a fixed offset or an IANA name, looked up under `dir`.
  // InvalidArgument for a name that is not a zone (unknown, "..", an
  // absolute path), Corruption for a file that is not TZif.
  static Status Load(const std::string& name, TimeZone* out, const std::string& dir = "/usr/share/zoneinfo");
  // Parses TZif bytes (for tests and Load).
  static Status FromTzif(const std::string& bytes, const std::string& name, TimeZone* out);

  // The offset from UTC (seconds east) in effect at UTC second `utc`.
  int32_t OffsetAt(int64_t utc) const;
  // The UTC second of local wall-clock second `local` (seconds since
  // 1970-01-01 00:00 as if local were UTC); see the gap/overlap rule above.
  int64_t LocalToUtc(int64_t local) const;

  const std::string& name() const { return name_; }
  bool fixed() const { return transitions_.empty() && !has_rule_; }

  // Parses "+08:00", "-0530", "+08", "Z", "UTC", "GMT" into seconds east;
  // false for anything else.
  static bool ParseFixedOffset(const std::string& text, int32_t* seconds);

 private:
  struct Rule {  // one date rule of a POSIX TZ string
    char kind = 'M';  // 'M' (Mm.w.d), 'J' (Jn, no Feb 29) or 'n' (zero-based day)
    int month = 0, week = 0, day = 0;
    int32_t time = 7200;  // seconds after local midnight
  };
  Status ParsePosix(const std::string& tz);
  int32_t RuleOffsetAt(int64_t utc) const;
  static int64_t RuleLocal(const Rule& r, int year);  // local second of the rule in `year`

  std::string name_ = "UTC";
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int32_t> offsets_;      // offset from each transition on
  int32_t first_offset_ = 0;          // before the first transition
  // The footer's rule (after the last transition).
  bool has_rule_ = false;
  int32_t std_offset_ = 0, dst_offset_ = 0;
  bool has_dst_ = false;
  Rule start_, end_;
};

}  // namespace lc

#endif  // LC_COMMON_BASE_TIME_ZONE_H_
