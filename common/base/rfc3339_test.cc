#include "common/base/rfc3339.h"

#include <cstring>

#include <gtest/gtest.h>

namespace lc {

TEST(Rfc3339, ZonesAndFractions) {
  int64_t a, b, c;
  const char* z = "2026-11-25T05:40:45.295588061Z";
  ASSERT_TRUE(ParseRfc3339(z, strlen(z), &a));
  EXPECT_EQ(z, FormatRfc3339Nanos(a));
  const char* plus = "2026-11-25T05:40:45.295588061+00:00";
  ASSERT_TRUE(ParseRfc3339(plus, strlen(plus), &b));
  EXPECT_EQ(a, b);
  const char* hawaii = "2026-11-24T19:40:45.2955Z";
  ASSERT_TRUE(ParseRfc3339(hawaii, strlen(hawaii), &c));
  const char* minus = "2026-11-24T09:40:45.2955-10:00";
  int64_t d;
  ASSERT_TRUE(ParseRfc3339(minus, strlen(minus), &d));
  EXPECT_EQ(c, d);
  const char* nofrac = "2026-11-25T05:40:45Z";
  ASSERT_TRUE(ParseRfc3339(nofrac, strlen(nofrac), &d));
  EXPECT_EQ(0, d % 1000000000);
  EXPECT_FALSE(ParseRfc3339("2026-11-25 garbage", 18, &d));
  EXPECT_FALSE(ParseRfc3339("2026-11-25T05:40:45.Z", 21, &d));
}

}  // namespace lc

namespace lc {

TEST(TimeCaches, AgreeWithTheUncachedFunctions) {
  TimeParseCache parse;
  TimeFormatCache format;
  const char* times[] = {"2026-11-25T05:40:45.1Z", "2026-11-25T05:40:45.999999999Z",
                         "2026-11-25T05:40:45.5+00:00", "2026-11-25T05:40:45.5-10:00",
                         "2026-11-25T05:40:45Z", "2026-11-25T05:40:46.000000001Z",
                         "2026-11-24T19:40:45.25+05:30", "2026-11-24T19:40:45.25+05:30"};
  for (const char* t : times) {
    int64_t want, got;
    ASSERT_TRUE(ParseRfc3339(t, strlen(t), &want)) << t;
    ASSERT_TRUE(parse.Parse(t, strlen(t), &got)) << t;
    EXPECT_EQ(want, got) << t;
    char a[30], b[30];
    FormatRfc3339Nanos(want, a);
    format.Format(want, b);
    EXPECT_EQ(std::string(a, 30), std::string(b, 30)) << t;
  }
  int64_t x;
  EXPECT_FALSE(parse.Parse("2026-11-25T05:40:46.Z", 21, &x));
}

}  // namespace lc

namespace lc {

// Found by fuzz/runtime_log: "9926-11-25T08:45:43.21+00:00" on a CRI line
// overflowed int64 nanoseconds (undefined behaviour; a wrapped time).  A
// time outside 1677-2262 is not one nanoseconds since 1970 can hold: refused,
// by the cache's fast path too, at the very ends of the range.
TEST(Rfc3339, ATimeOutsideTheInt64RangeIsRefusedNotWrapped) {
  int64_t x = 7;
  for (const char* t : {"9926-11-25T08:45:43.21+00:00", "2262-04-11T23:47:17Z", "1677-09-21T00:12:43Z",
                        "2262-04-11T23:47:16.854775808Z", "0000-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(t, strlen(t), &x)) << t;
    TimeParseCache cache;
    EXPECT_FALSE(cache.Parse(t, strlen(t), &x)) << t;
  }
  EXPECT_EQ(7, x);
  const char* last = "2262-04-11T23:47:16.854775807Z";
  ASSERT_TRUE(ParseRfc3339(last, strlen(last), &x));
  EXPECT_EQ(INT64_MAX, x);
  // The cache, having seen the second, meets a fraction or a zone that
  // takes it past the end.
  TimeParseCache cache;
  const char* near = "2262-04-11T23:47:16.5Z";
  ASSERT_TRUE(cache.Parse(near, strlen(near), &x));
  const char* over = "2262-04-11T23:47:16.9Z";
  EXPECT_FALSE(cache.Parse(over, strlen(over), &x));
  const char* west = "2262-04-11T23:47:16.5-01:00";
  EXPECT_FALSE(cache.Parse(west, strlen(west), &x));
  const char* east = "2262-04-11T23:47:16.5+01:00";
  ASSERT_TRUE(cache.Parse(east, strlen(east), &x));
  EXPECT_EQ(INT64_MAX - 354775807 - 3600 * int64_t{1000000000}, x);
}

// Regression (fuzz/runtime_log): with the prefix cached, the fast path read a
// zone "+,`:00" as +08:00 from the bytes' distance to '0'; the full parser
// refuses it, and the cache must give the same answer.
TEST(Rfc3339, TheCacheRefusesAZoneWhoseHoursAreNotDigits) {
  TimeParseCache cache;
  int64_t x = 7;
  const char* good = "2026-11-25T08:45:43.215851926+00:00";
  ASSERT_TRUE(cache.Parse(good, strlen(good), &x));
  for (const char* t : {"2026-11-25T08:45:43.215851926+,`:00", "2026-11-25T08:45:43.215851926+00:/9",
                        "2026-11-25T08:45:43.215851926-0a:00"}) {
    EXPECT_FALSE(ParseRfc3339(t, strlen(t), &x)) << t;
    EXPECT_FALSE(cache.Parse(t, strlen(t), &x)) << t;
  }
}

}  // namespace lc
