// SqlTime: a time value as a database writes it in text, for a record's
// "time" (lc-sql --time-column).
//
// Accepted: RFC 3339, and the SQL form "YYYY-MM-DD hh:mm:ss[.fraction][zone]"
// that PostgreSQL (timestamp, timestamptz) and MySQL (DATETIME, TIMESTAMP)
// write, up to 9 fractional digits, the zone "Z", "+hh", "+hhmm" or
// "+hh:mm" (or "-"), or none, which means UTC (lc-sql's sessions run in UTC,
// so a TIMESTAMP/timestamptz comes back in UTC; a DATETIME or a timestamp
// without time zone is taken as UTC).  Anything else (a date alone,
// "infinity", a BC year) is not a time.
#ifndef LC_COMMON_SQL_SQL_TIME_H_
#define LC_COMMON_SQL_SQL_TIME_H_

#include <cstdint>
#include <string_view>

namespace lc {

// Nanoseconds since the epoch; false when `text` is not such a time.
bool ParseSqlTime(std::string_view text, int64_t* nanos);

}  // namespace lc

#endif  // LC_COMMON_SQL_SQL_TIME_H_
