#include "common/listen/syslog_framer.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace lc {
namespace {

using Got = std::vector<std::pair<std::string, bool>>;

// Feeds `in` in pieces of `step` bytes, then finishes.
Got Frame(const std::string& in, size_t step, size_t max = 64) {
  SyslogFramer f(max);
  Got got;
  auto emit = [&](std::string_view m, bool t) { got.emplace_back(std::string(m), t); };
  for (size_t i = 0; i < in.size(); i += step) f.Feed(std::string_view(in).substr(i, step), emit);
  f.Finish(emit);
  return got;
}

TEST(SyslogFramerTest, NewlineFraming) {
  for (size_t step : {1, 3, 1000}) {
    Got got = Frame("<13>a\n<13>b\r\n\n<13>c\n", step);
    EXPECT_EQ((Got{{"<13>a", false}, {"<13>b", false}, {"<13>c", false}}), got) << step;
  }
}

TEST(SyslogFramerTest, OctetCounting) {
  for (size_t step : {1, 2, 7, 1000}) {
    Got got = Frame("6 <13>a\n5 <13>b10 <13>c\nd\ne\n", step);
    EXPECT_EQ((Got{{"<13>a\n", false}, {"<13>b", false}, {"<13>c\nd\ne\n", false}}), got) << step;
  }
}

TEST(SyslogFramerTest, MixedPerFrameAndBadLengths) {
  // "12x" is not a length: that frame is newline framed.
  Got got = Frame("12x is text\n4 <1>a<1>b\n", 1);
  EXPECT_EQ((Got{{"12x is text", false}, {"<1>a", false}, {"<1>b", false}}), got);
}

TEST(SyslogFramerTest, LongNewlineFrameIsCutAndTheRestSkipped) {
  std::string big(200, 'x');
  for (size_t step : {1, 10, 1000}) {
    Got got = Frame(big + "\n<1>next\n", step, 64);
    ASSERT_EQ(2u, got.size()) << step;
    EXPECT_EQ(std::string(64, 'x'), got[0].first);
    EXPECT_TRUE(got[0].second);
    EXPECT_EQ((std::pair<std::string, bool>{"<1>next", false}), got[1]);
  }
}

TEST(SyslogFramerTest, LongOctetFrameIsCutAndTheRestSkipped) {
  std::string big(200, 'y');
  for (size_t step : {1, 13, 1000}) {
    Got got = Frame("200 " + big + "4 <1>z", step, 64);
    ASSERT_EQ(2u, got.size()) << step;
    EXPECT_EQ(std::string(64, 'y'), got[0].first);
    EXPECT_TRUE(got[0].second);
    EXPECT_EQ((std::pair<std::string, bool>{"<1>z", false}), got[1]);
  }
}

TEST(SyslogFramerTest, HoldsNoMoreThanTheBound) {
  SyslogFramer f(64);
  int n = 0;
  for (int i = 0; i < 1000; i++) f.Feed(std::string(100, 'q'), [&](std::string_view, bool) { n++; });
  EXPECT_EQ(1, n);
  EXPECT_LE(f.buffered(), 64u);
  f.Feed("\n<1>after\n", [&](std::string_view m, bool) { EXPECT_EQ("<1>after", m); n++; });
  EXPECT_EQ(2, n);
}

TEST(SyslogFramerTest, EndOfStreamHandsOutTheFrameInProgress) {
  EXPECT_EQ((Got{{"<13>no newline", false}}), Frame("<13>no newline", 4));
  EXPECT_EQ((Got{{"<1>ab", true}}), Frame("10 <1>ab", 1));
  EXPECT_EQ((Got{{"123", false}}), Frame("123", 1));
  EXPECT_EQ(Got{}, Frame("", 1));
}

}  // namespace
}  // namespace lc
