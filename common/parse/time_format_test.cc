#include "common/parse/time_format.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

constexpr int64_t kNs = 1000000000;

int64_t Utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return (CivilDays(y, m, d) * 86400 + h * 3600 + mi * 60 + s) * kNs;
}

// The time `value` reads as in `fmt`, or INT64_MIN with *why.
int64_t P(const std::string& fmt, const std::string& value, const std::string& zone = "UTC",
          std::string* why = nullptr, int64_t ref = Utc(2024, 6, 15)) {
  TimeFormat f;
  Status s = TimeFormat::Compile(fmt, &f);
  EXPECT_TRUE(s.ok()) << s.message();
  TimeZone z;
  EXPECT_TRUE(TimeZone::Load(zone, &z).ok());
  int64_t ns;
  const char* w = "";
  if (!f.Parse(value, z, ref, &ns, &w)) {
    if (why) *why = w;
    return INT64_MIN;
  }
  return ns;
}

TEST(TimeFormatTest, DateAndClockConversions) {
  EXPECT_EQ(Utc(2023, 11, 15, 6, 13, 20), P("%Y-%m-%d %H:%M:%S", "2023-11-15 06:13:20"));
  EXPECT_EQ(Utc(2023, 11, 15, 6, 13, 20), P("%Y%m%d%H%M%S", "20231115061320"));
  EXPECT_EQ(Utc(2023, 11, 15, 6, 13, 20), P("%F %T", "2023-11-15 06:13:20"));
  EXPECT_EQ(Utc(2023, 11, 15, 6, 13), P("%D %R", "11/15/23 06:13"));
  EXPECT_EQ(Utc(1999, 1, 2), P("%y-%m-%d", "99-01-02"));  // 69-99: 19xx
  EXPECT_EQ(Utc(2068, 1, 2), P("%y-%m-%d", "68-01-02"));  // 00-68: 20xx
  EXPECT_EQ(Utc(2023, 11, 5), P("%Y %b %e", "2023 Nov  5"));
  EXPECT_EQ(Utc(2023, 11, 15), P("%Y %b %e", "2023 nov 15"));
  EXPECT_EQ(Utc(2023, 9, 1), P("%d %B %Y", "01 SEPTEMBER 2023"));
  EXPECT_EQ(Utc(2023, 9, 1), P("%d %h %Y", "01 Sep 2023"));
  EXPECT_EQ(Utc(2023, 11, 15), P("%a, %d %b %Y", "Wed, 15 Nov 2023"));
  EXPECT_EQ(Utc(2023, 11, 15), P("%A %d %b %Y", "wednesday 15 Nov 2023"));
  EXPECT_EQ(Utc(2023, 1, 1, 0, 0), P("%Y%%%n%t%H", "2023%  \t00"));
  EXPECT_EQ(Utc(2023, 1, 1, 0, 0), P("%Y %H", "2023 00"));
  EXPECT_EQ(Utc(2023, 1, 1, 0, 0), P("%Y %H", "202300"));  // a space matches none too
}

TEST(TimeFormatTest, DayOfYearAndLeapYears) {
  EXPECT_EQ(Utc(2024, 2, 29), P("%Y-%j", "2024-060"));
  EXPECT_EQ(Utc(2023, 3, 1), P("%Y-%j", "2023-060"));
  EXPECT_EQ(Utc(2024, 12, 31), P("%Y-%j", "2024-366"));
  std::string why;
  EXPECT_EQ(INT64_MIN, P("%Y-%j", "2023-366", "UTC", &why));
  EXPECT_EQ("no such day of the year", why);
  EXPECT_EQ(Utc(2000, 2, 29), P("%F", "2000-02-29"));
  EXPECT_EQ(INT64_MIN, P("%F", "1900-02-29", "UTC", &why));
  EXPECT_EQ("no such day in that month", why);
  EXPECT_EQ(INT64_MIN, P("%F", "2023-04-31", "UTC", &why));
}

TEST(TimeFormatTest, TwelveHourClock) {
  EXPECT_EQ(Utc(2023, 1, 1, 0, 5), P("%F %I:%M %p", "2023-01-01 12:05 AM"));
  EXPECT_EQ(Utc(2023, 1, 1, 12, 5), P("%F %I:%M %p", "2023-01-01 12:05 pm"));
  EXPECT_EQ(Utc(2023, 1, 1, 13, 5), P("%F %I:%M %p", "2023-01-01 01:05 PM"));
  EXPECT_EQ(Utc(2023, 1, 1, 1, 5), P("%F %I:%M %p", "2023-01-01 1:05 am"));
  std::string why;
  EXPECT_EQ(INT64_MIN, P("%F %I:%M %p", "2023-01-01 13:05 PM", "UTC", &why));
  EXPECT_EQ("no hour 1-12", why);
  EXPECT_EQ(INT64_MIN, P("%F %I:%M %p", "2023-01-01 11:05 XM", "UTC", &why));
  EXPECT_EQ("no AM or PM", why);
}

TEST(TimeFormatTest, FractionsToNanoseconds) {
  int64_t base = Utc(2023, 11, 15, 6, 13, 20);
  EXPECT_EQ(base + 123000000, P("%F %T", "2023-11-15 06:13:20.123"));
  EXPECT_EQ(base + 123000000, P("%F %T", "2023-11-15 06:13:20,123"));  // log4j's comma
  EXPECT_EQ(base + 123456789, P("%F %T", "2023-11-15 06:13:20.123456789"));
  EXPECT_EQ(base + 500000000, P("%F %T.%f", "2023-11-15 06:13:20.5"));  // the format reads it
  EXPECT_EQ(base + 1, P("%F %T.%f", "2023-11-15 06:13:20.000000001"));
  EXPECT_EQ(base + 120000, P("%F %T %f", "2023-11-15 06:13:20 00012"));
  std::string why;
  EXPECT_EQ(INT64_MIN, P("%F %T", "2023-11-15 06:13:20.1234567891", "UTC", &why));  // 10 digits
  EXPECT_EQ("text after the time", why);
  EXPECT_EQ(INT64_MIN, P("%F %T.%f", "2023-11-15 06:13:20.", "UTC", &why));
  EXPECT_EQ("no fraction of a second (1-9 digits)", why);
  EXPECT_EQ(Utc(2023, 11, 15, 6, 14, 0), P("%F %T", "2023-11-15 06:13:60"));  // a leap second rolls over
}

TEST(TimeFormatTest, OffsetsAndZones) {
  int64_t t = Utc(2023, 11, 14, 22, 13, 20);
  EXPECT_EQ(t, P("%F %T %z", "2023-11-15 06:13:20 +0800"));
  EXPECT_EQ(t, P("%F %T %z", "2023-11-15 06:13:20 +08:00"));
  EXPECT_EQ(t, P("%F %T%z", "2023-11-15 06:13:20+08"));
  EXPECT_EQ(Utc(2023, 11, 15, 11, 13, 20), P("%F %T %z", "2023-11-15 06:13:20 -05"));
  EXPECT_EQ(Utc(2023, 11, 15, 6, 13, 20), P("%F %T%z", "2023-11-15 06:13:20Z"));
  EXPECT_EQ(Utc(2023, 11, 15, 6, 13, 20), P("%F %T %Z", "2023-11-15 06:13:20 GMT"));
  EXPECT_EQ(Utc(2023, 11, 15, 6, 13, 20), P("%F %T %Z", "2023-11-15 06:13:20 utc"));
  // The zone applies without an offset, never over one.
  EXPECT_EQ(t, P("%F %T", "2023-11-15 06:13:20", "Asia/Shanghai"));
  EXPECT_EQ(t, P("%F %T", "2023-11-15 06:13:20", "+08:00"));
  EXPECT_EQ(t, P("%F %T %z", "2023-11-15 06:13:20 +0800", "America/New_York"));
  EXPECT_EQ(Utc(2024, 7, 1, 16), P("%F %T", "2024-07-01 12:00:00", "America/New_York"));
  std::string why;
  EXPECT_EQ(INT64_MIN, P("%F %T %Z", "2023-11-15 06:13:20 CST", "UTC", &why));
  EXPECT_EQ("zone name not UTC, GMT or Z", why);
  EXPECT_EQ(INT64_MIN, P("%F %T %z", "2023-11-15 06:13:20 +2500", "UTC", &why));
  EXPECT_EQ("no offset (+hhmm, +hh:mm, +hh or Z)", why);
}

TEST(TimeFormatTest, EpochConversionsAndNamedFormats) {
  EXPECT_EQ(1700000000 * kNs, P("%s", "1700000000"));
  EXPECT_EQ(1700000000 * kNs + 123000000, P("%s", "1700000000.123"));
  EXPECT_EQ(1700000000 * kNs + 123000000, P("epoch", "1700000000.123", "Asia/Shanghai"));
  EXPECT_EQ(-1 * kNs, P("epoch", "-1"));
  EXPECT_EQ(1700000000123 * 1000000, P("epoch_ms", "1700000000123"));
  EXPECT_EQ(1700000000123 * 1000000 + 500000, P("epoch_ms", "1700000000123.5"));
  EXPECT_EQ(1700000000123456 * 1000, P("epoch_us", "1700000000123456"));
  EXPECT_EQ(1700000000123456789, P("epoch_ns", "1700000000123456789"));
  EXPECT_EQ(1700000000 * kNs + 123456789, P("epoch", "1700000000.1234567899"));  // past a ns: dropped
  std::string why;
  EXPECT_EQ(INT64_MIN, P("epoch", "1.7e9", "UTC", &why));
  EXPECT_EQ("not a number", why);
  EXPECT_EQ(INT64_MIN, P("epoch_ns", "99999999999999999999", "UTC", &why));
  EXPECT_EQ(INT64_MIN, P("epoch", "", "UTC", &why));

  int64_t t = Utc(2023, 11, 15, 6, 13, 20);
  for (const char* f : {"rfc3339", "iso8601"}) {
    EXPECT_EQ(t + 295588061, P(f, "2023-11-15T06:13:20.295588061Z")) << f;  // Go's RFC3339Nano
    EXPECT_EQ(t, P(f, "2023-11-15T14:13:20+08:00")) << f;
    EXPECT_EQ(t, P(f, "2023-11-15T14:13:20+0800")) << f;
    EXPECT_EQ(t + 5000000, P(f, "2023-11-15 06:13:20,005z")) << f;
    EXPECT_EQ(t, P(f, "2023-11-15t14:13:20", "Asia/Shanghai")) << f;  // no offset: the zone
    EXPECT_EQ(Utc(2023, 11, 15, 6, 13), P(f, "2023-11-15T06:13Z")) << f;
    EXPECT_EQ(Utc(2023, 11, 15), P(f, "2023-11-15")) << f;
    EXPECT_EQ(INT64_MIN, P(f, "2023-11-15T06:13:20 +08:00", "UTC", &why)) << f;
    EXPECT_EQ(INT64_MIN, P(f, "2023-13-15T06:13:20Z", "UTC", &why)) << f;
    EXPECT_EQ(INT64_MIN, P(f, "15/11/2023", "UTC", &why)) << f;
    EXPECT_EQ("not an RFC 3339 time", why);
  }
}

TEST(TimeFormatTest, WithoutAYearTheReadTimesYear) {
  // syslog: the year of the read time in the zone...
  EXPECT_EQ(Utc(2024, 3, 5, 10), P("%b %e %T", "Mar  5 10:00:00", "UTC", nullptr, Utc(2024, 6, 15)));
  // ...or the year before when that is more than a day after the read time.
  EXPECT_EQ(Utc(2023, 12, 31, 23, 59, 59), P("%b %e %T", "Dec 31 23:59:59", "UTC", nullptr, Utc(2024, 1, 1, 0, 0, 5)));
  // In the zone: 2024-12-31 20:00 UTC is already 2025 in Shanghai.
  EXPECT_EQ(Utc(2024, 12, 31, 17), P("%b %e %T", "Jan  1 01:00:00", "Asia/Shanghai", nullptr, Utc(2024, 12, 31, 20)));
}

TEST(TimeFormatTest, MismatchesSayWhy) {
  std::string why;
  struct Case {
    const char *fmt, *value, *why;
  } cases[] = {
      {"%F %T", "2023-11-15", "no hour 0-23"},
      {"%F %T", "2023-11-15 06-13", "the value does not match the format"},
      {"%F", "2023-11-15 extra", "text after the time"},
      {"%Y", "year", "no year"},
      {"%m", "13", "no month 1-12"},
      {"%d", "0", "no day 1-31"},
      {"%H", "24", "no hour 0-23"},
      {"%M", "60", "no minute 0-59"},
      {"%S", "61", "no second 0-60"},
      {"%b", "Foo", "no month name"},
      {"%a", "Xyz", "no weekday name"},
      {"%j", "367", "no day of the year 1-366"},
      {"%s", "x", "no epoch seconds"},
      {"%F", "", "no year"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(INT64_MIN, P(c.fmt, c.value, "UTC", &why)) << c.fmt << " " << c.value;
    EXPECT_EQ(c.why, why) << c.fmt << " " << c.value;
  }
}

TEST(TimeFormatTest, BadFormatsNameTheOffset) {
  TimeFormat f;
  Status s = TimeFormat::Compile("%Y-%m-%Q", &f);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ("'%Y-%m-%Q': at offset 6: unknown conversion %Q", s.message());
  s = TimeFormat::Compile("%Y %", &f);
  EXPECT_EQ("'%Y %': at offset 3: '%' at the end (write %% for a '%')", s.message());
  EXPECT_EQ("'': an empty format", TimeFormat::Compile("", &f).message());
  EXPECT_TRUE(TimeFormat::Compile("%Ey", &f).IsInvalidArgument());
  EXPECT_TRUE(TimeFormat::Compile("RFC3339x", &f).ok());  // plain characters, not a name
}

}  // namespace
}  // namespace lc
