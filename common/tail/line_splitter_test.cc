#include "common/tail/line_splitter.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lc {
namespace {

struct Got {
  std::string line;
  int64_t end;
  bool truncated;
};

std::vector<Got> FeedAll(LineSplitter* s, const std::vector<std::string>& chunks) {
  std::vector<Got> out;
  for (const std::string& c : chunks) {
    s->Feed(c.data(), c.size(), [&](const char* p, size_t n, int64_t end, bool t) {
      out.push_back({std::string(p, n), end, t});
    });
  }
  return out;
}

TEST(LineSplitter, LinesAndOffsets) {
  LineSplitter s;
  auto got = FeedAll(&s, {"ab\ncd\n\n"});
  ASSERT_EQ(3u, got.size());
  EXPECT_EQ("ab", got[0].line);
  EXPECT_EQ(3, got[0].end);
  EXPECT_EQ("", got[2].line);
  EXPECT_EQ(7, got[2].end);
  EXPECT_EQ(7, s.safe_offset());
}

TEST(LineSplitter, PartialLineIsHeldAndSafeOffsetStaysBeforeIt) {
  LineSplitter s(1 << 20, 100);
  auto got = FeedAll(&s, {"one\ntw", "o", "\nthr"});
  ASSERT_EQ(2u, got.size());
  EXPECT_EQ("two", got[1].line);
  EXPECT_EQ(108, got[1].end);
  EXPECT_EQ(108, s.safe_offset());
  EXPECT_EQ(111, s.next_offset());
  EXPECT_EQ(3u, s.pending_bytes());
  std::vector<Got> flushed;
  s.FlushPartial([&](const char* p, size_t n, int64_t end, bool t) { flushed.push_back({std::string(p, n), end, t}); });
  ASSERT_EQ(1u, flushed.size());
  EXPECT_EQ("thr", flushed[0].line);
  EXPECT_EQ(111, s.safe_offset());
}

TEST(LineSplitter, LongLineIsCutIntoFlaggedPiecesWithExactOffsets) {
  LineSplitter s(10);
  std::string line(25, 'x');
  auto got = FeedAll(&s, {line.substr(0, 7), line.substr(7) + "\nok\n"});
  ASSERT_EQ(4u, got.size());
  EXPECT_EQ(10u, got[0].line.size());
  EXPECT_EQ(10, got[0].end);
  EXPECT_TRUE(got[0].truncated);
  EXPECT_EQ(20, got[1].end);
  EXPECT_EQ("xxxxx", got[2].line);
  EXPECT_EQ(26, got[2].end);
  EXPECT_TRUE(got[2].truncated);
  EXPECT_EQ("ok", got[3].line);
  EXPECT_FALSE(got[3].truncated);
}

TEST(LineSplitter, CutDoesNotSplitUtf8Sequence) {
  LineSplitter s(10);
  std::string line = std::string(9, 'a') + "\xC3\xA9" + "b\n";  // é straddles byte 10
  auto got = FeedAll(&s, {line});
  ASSERT_EQ(2u, got.size());
  EXPECT_EQ(std::string(9, 'a'), got[0].line);
  EXPECT_EQ("\xC3\xA9" "b", got[1].line);
}

TEST(LineSplitter, ResetAfterTruncation) {
  LineSplitter s;
  FeedAll(&s, {"abc\nde"});
  s.Reset(0);
  EXPECT_EQ(0u, s.pending_bytes());
  auto got = FeedAll(&s, {"new\n"});
  ASSERT_EQ(1u, got.size());
  EXPECT_EQ(4, got[0].end);
}

}  // namespace
}  // namespace lc
