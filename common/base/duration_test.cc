#include "common/base/duration.h"

#include <cstring>

#include <gtest/gtest.h>

namespace lc {

TEST(Duration, Units) {
  int64_t n;
  ASSERT_TRUE(ParseDuration("250ms", &n).ok());
  EXPECT_EQ(250'000'000, n);
  ASSERT_TRUE(ParseDuration("1.5s", &n).ok());
  EXPECT_EQ(1'500'000'000, n);
  ASSERT_TRUE(ParseDuration("2", &n).ok());
  EXPECT_EQ(2'000'000'000, n);
  ASSERT_TRUE(ParseDuration("5m", &n).ok());
  EXPECT_EQ(300'000'000'000, n);
  EXPECT_TRUE(ParseDuration("5x", &n).IsInvalidArgument());
  EXPECT_TRUE(ParseDuration("", &n).IsInvalidArgument());
  EXPECT_TRUE(ParseDuration("-1s", &n).IsInvalidArgument());
}

}  // namespace lc
