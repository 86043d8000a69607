#include "common/runtime/stream_joiner.h"

#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lc {
namespace {

struct Msg {
  std::string text;
  int64_t time, end;
  bool truncated;
};

struct Collector {
  std::vector<Msg> got;
  void operator()(const char* p, size_t n, int64_t time, int64_t end, bool t) {
    got.push_back({std::string(p, n), time, end, t});
  }
};

TEST(StreamJoiner, WholeLinesPassThrough) {
  StreamJoiner j;
  Collector c;
  j.Add("abc", 3, false, 7, 0, 10, 0, c);
  ASSERT_EQ(1u, c.got.size());
  EXPECT_EQ("abc", c.got[0].text);
  EXPECT_FALSE(j.pending());
}

TEST(StreamJoiner, PiecesJoinWithFirstTimeAndLastEnd) {
  StreamJoiner j;
  Collector c;
  j.Add("ab", 2, true, 100, 0, 50, 0, c);
  j.Add("cd", 2, true, 200, 50, 90, 0, c);
  EXPECT_TRUE(j.pending());
  EXPECT_EQ(0, j.pending_start());
  j.Add("e", 1, false, 300, 90, 120, 0, c);
  ASSERT_EQ(1u, c.got.size());
  EXPECT_EQ("abcde", c.got[0].text);  // no newline at the seams
  EXPECT_EQ(100, c.got[0].time);
  EXPECT_EQ(120, c.got[0].end);
}

TEST(StreamJoiner, TooLongIsCutIntoFlaggedPieces) {
  StreamJoiner j(4);
  Collector c;
  j.Add("abc", 3, true, 1, 0, 10, 0, c);
  j.Add("defgh", 5, false, 2, 10, 20, 0, c);
  ASSERT_EQ(2u, c.got.size());
  EXPECT_EQ("abcd", c.got[0].text);
  EXPECT_TRUE(c.got[0].truncated);
  EXPECT_EQ("efgh", c.got[1].text);
  EXPECT_TRUE(c.got[1].truncated);
  EXPECT_EQ(20, c.got[1].end);
}

// A cut piece carried the end of the line it was cut from while the rest of
// that line was still held: lc-ship committed that end, and a restart
// skipped the line, losing the rest.
TEST(StreamJoiner, RegressionACutPieceNeverCarriesTheEndOfALineStillHeld) {
  StreamJoiner j(4);
  Collector c;
  j.Add("abc", 3, true, 1, 0, 10, 0, c);
  j.Add("defghij", 7, true, 2, 10, 20, 0, c);  // "abcd" and "efgh" out, "ij" held
  ASSERT_EQ(2u, c.got.size());
  EXPECT_EQ(10, c.got[0].end);  // the start of the line "ij" belongs to
  EXPECT_EQ(10, c.got[1].end);
  j.Add("k", 1, false, 3, 20, 30, 0, c);
  ASSERT_EQ(3u, c.got.size());
  EXPECT_EQ("ijk", c.got[2].text);
  EXPECT_EQ(30, c.got[2].end);
}

TEST(StreamJoiner, FlushEmitsPending) {
  StreamJoiner j;
  Collector c;
  j.Add("tail", 4, true, 5, 30, 40, 77, c);
  EXPECT_EQ(77, j.last_mono());
  j.Flush(c);
  ASSERT_EQ(1u, c.got.size());
  EXPECT_EQ("tail", c.got[0].text);
  EXPECT_EQ(40, c.got[0].end);
  EXPECT_FALSE(j.pending());
}

TEST(StreamJoiner, ACutNeverSplitsAUtf8Sequence) {
  StreamJoiner j(5);
  Collector c;
  // "ab" then "é" (2 bytes) then "€" (3 bytes): 5 bytes would end inside "€".
  std::string m = "ab\xC3\xA9\xE2\x82\xAC!";
  j.Add(m.data(), m.size(), false, 1, 0, 20, 0, c);
  ASSERT_EQ(2u, c.got.size());
  EXPECT_EQ("ab\xC3\xA9", c.got[0].text);
  EXPECT_EQ("\xE2\x82\xAC!", c.got[1].text);
  EXPECT_TRUE(c.got[0].truncated);
  EXPECT_TRUE(c.got[1].truncated);
}

TEST(StreamJoiner, AfterAFlushTheNextMessageStartsClean) {
  StreamJoiner j;
  Collector c;
  j.Add("x", 1, true, 1, 0, 10, 0, c);
  j.Flush(c);
  j.Add("y", 1, false, 2, 10, 20, 0, c);
  ASSERT_EQ(2u, c.got.size());
  EXPECT_EQ("y", c.got[1].text);
  EXPECT_EQ(2, c.got[1].time);
  EXPECT_FALSE(c.got[1].truncated);
  j.Flush(c);  // nothing pending: nothing written
  EXPECT_EQ(2u, c.got.size());
}

// The planted bug "Clear() keeps the truncated flag": the message after a
// cut one was flagged lc.truncated too.
TEST(StreamJoiner, TheMessageAfterACutOneIsNotFlagged) {
  StreamJoiner j(4);
  Collector c;
  j.Add("abcdefgh", 8, true, 1, 0, 10, 0, c);  // cut: "abcd" out, "efgh" held
  j.Add("", 0, false, 1, 10, 11, 0, c);         // "efgh", flagged
  j.Add("x", 1, true, 2, 11, 20, 0, c);          // joined through the buffer
  j.Add("y", 1, false, 3, 20, 30, 0, c);
  ASSERT_EQ(3u, c.got.size());
  EXPECT_TRUE(c.got[0].truncated);
  EXPECT_TRUE(c.got[1].truncated);
  EXPECT_EQ("xy", c.got[2].text);
  EXPECT_FALSE(c.got[2].truncated);
  j.Add("long enough to cut", 18, false, 4, 30, 50, 0, c);
  j.Add("z", 1, true, 5, 50, 60, 0, c);
  j.Flush(c);
  EXPECT_EQ("z", c.got.back().text);
  EXPECT_FALSE(c.got.back().truncated);
}

// Issue 14: 1000 containers each writing a long line without a newline
// held 1000 x max_bytes.  Joiners sharing a budget hold about its limit.
TEST(StreamJoiner, PendingMessagesOfManyLogsShareOneBudget) {
  const size_t k = ByteBudget::kFloor;
  std::mt19937 rng(5);
  for (int round = 0; round < 50; round++) {
    auto budget = std::make_shared<ByteBudget>(k + rng() % (8 * k));
    std::vector<std::unique_ptr<StreamJoiner>> j;
    std::vector<Collector> c(3);
    std::vector<std::string> want(3);
    for (int i = 0; i < 3; i++) j.push_back(std::make_unique<StreamJoiner>(1 << 20, budget));
    int64_t off = 0;
    for (int piece = 0; piece < 60; piece++) {
      for (int i = 0; i < 3; i++) {
        std::string p;
        for (size_t e = rng() % 2000; e > 0; e--) p += "\xc3\xa9";  // a cut backs over to a whole character
        bool last = piece == 59;
        want[i] += p;
        j[i]->Add(p.data(), p.size(), !last, 1, off, off + 1, 0, c[i]);
        off++;
        ASSERT_LE(budget->used(), budget->limit() + 3 * k) << "round " << round;  // limit + N * kFloor
      }
    }
    EXPECT_EQ(0u, budget->used());  // every message ended
    for (int i = 0; i < 3; i++) {
      std::string all;
      for (const Msg& m : c[i].got) {
        ASSERT_TRUE(m.text.empty() || m.text[0] == '\xc3') << "round " << round << ": a piece cut inside a character";
        all += m.text;
      }
      ASSERT_TRUE(all == want[i]) << "round " << round << ": " << all.size() << " of " << want[i].size();
      if (want[i].size() > budget->limit() + k) {
        ASSERT_GT(c[i].got.size(), 1u);
        for (const Msg& m : c[i].got) EXPECT_TRUE(m.truncated);
      }
    }
  }
}

TEST(StreamJoiner, ALongMessagesMemoryIsNotCountedOnceItIsOut) {
  auto budget = std::make_shared<ByteBudget>(size_t{1} << 20);
  StreamJoiner j(1 << 20, budget);
  Collector c;
  std::string big(100000, 'x');
  j.Add(big.data(), big.size(), true, 1, 0, 10, 0, c);
  EXPECT_EQ(big.size(), budget->used());
  j.Add("y", 1, false, 1, 10, 20, 0, c);
  ASSERT_EQ(1u, c.got.size());
  EXPECT_EQ(big.size() + 1, c.got[0].text.size());
  EXPECT_EQ(0u, budget->used());
}

}  // namespace
}  // namespace lc
