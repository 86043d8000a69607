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
