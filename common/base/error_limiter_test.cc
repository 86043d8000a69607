#include "common/base/error_limiter.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace lc {
namespace {

TEST(ErrorLimiterTest, ARepeatedErrorIsSaidOnceThenOncePerIntervalWithItsCount) {
  FakeClock clock;
  ErrorLimiter lim(&clock, 10 * kSeconds);
  const std::string e = "/var/lib/lc/commit.tmp: No space left on device";
  int printed = 0;
  std::vector<std::string> lines;
  // 25 s of a commit retried every 50 ms: 500 tries (the issue saw 215 lines).
  for (int i = 0; i < 500; i++) {
    std::string line = lim.Filter(e);
    if (!line.empty()) {
      printed++;
      lines.push_back(line);
    }
    clock.Advance(50 * kMillis);
  }
  EXPECT_EQ(3, printed);
  ASSERT_EQ(3u, lines.size());
  EXPECT_EQ(e, lines[0]);
  EXPECT_EQ(e + " (199 more like it in the last 10s)", lines[1]);
  EXPECT_EQ(e + " (199 more like it in the last 10s)", lines[2]);
}

TEST(ErrorLimiterTest, DistinctMessagesAreEachSaidAtOnceAndLimitedApart) {
  FakeClock clock;
  ErrorLimiter lim(&clock, 10 * kSeconds);
  EXPECT_EQ("a", lim.Filter("a"));
  EXPECT_EQ("b", lim.Filter("b"));
  EXPECT_EQ("", lim.Filter("a"));
  EXPECT_EQ("", lim.Filter("b"));
  clock.Advance(10 * kSeconds);
  EXPECT_EQ("a (1 more like it in the last 10s)", lim.Filter("a"));
  EXPECT_EQ("b (1 more like it in the last 10s)", lim.Filter("b"));
  clock.Advance(11 * kSeconds);
  EXPECT_EQ("a", lim.Filter("a"));  // nothing held back: said plainly
}

TEST(ErrorLimiterTest, ForgetsTheLeastRecentBeyondItsMemory) {
  FakeClock clock;
  ErrorLimiter lim(&clock, 10 * kSeconds);
  for (int i = 0; i < 40; i++) EXPECT_EQ(std::to_string(i), lim.Filter(std::to_string(i)));
  EXPECT_EQ("0", lim.Filter("0"));   // forgotten: said again
  EXPECT_EQ("", lim.Filter("39"));   // remembered: held back
}

}  // namespace
}  // namespace lc
