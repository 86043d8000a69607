#include "common/tail/line_splitter.h"

#include <memory>
#include <random>
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


// What `got` holds, joined back (from offset 0): each piece's bytes in
// order, and a newline where a piece's end offset says it ended a line.
std::string Joined(const std::vector<Got>& got) {
  std::string all;
  for (const Got& g : got) {
    all += g.line;
    if (g.end == static_cast<int64_t>(all.size()) + 1) all += '\n';
  }
  return all;
}

TEST(LineSplitter, PartialLinesOfManyFilesShareOneBudget) {
  const size_t k = ByteBudget::kFloor;
  auto budget = std::make_shared<ByteBudget>(5 * k);
  std::vector<std::unique_ptr<LineSplitter>> files;
  for (int i = 0; i < 4; i++) files.push_back(std::make_unique<LineSplitter>(1 << 20, 0, budget));
  // Three files hold a partial line of 1.5 k each, within the budget.
  std::string a(k + k / 2, 'a');
  for (int i = 0; i < 3; i++) EXPECT_TRUE(FeedAll(files[i].get(), {a}).empty());
  EXPECT_EQ(3 * a.size(), budget->used());
  // The fourth gets what is left, or its floor k: 3 k go out as two pieces
  // of k, flagged truncated, and k is held.
  auto got = FeedAll(files[3].get(), {std::string(3 * k, 'd')});
  ASSERT_EQ(2u, got.size());
  EXPECT_EQ(k, got[0].line.size());
  EXPECT_TRUE(got[0].truncated);
  EXPECT_EQ(static_cast<int64_t>(k), got[0].end);
  EXPECT_EQ(k, got[1].line.size());
  EXPECT_EQ(static_cast<int64_t>(2 * k), files[3]->safe_offset());  // the checkpoint passes what went out
  EXPECT_EQ(3 * a.size() + k, budget->used());
  // The first file's line grows past what is left for it (k): what it
  // holds goes out alone, then the rest in pieces; the newline ends it.
  got = FeedAll(files[0].get(), {std::string(3 * k, 'b') + "\nnext"});
  EXPECT_TRUE(Joined(got) == a + std::string(3 * k, 'b') + "\n");
  ASSERT_EQ(4u, got.size());
  EXPECT_EQ(a.size(), got[0].line.size());
  for (const Got& g : got) EXPECT_TRUE(g.truncated);  // pieces of a cut line, the last too
  EXPECT_EQ(4u, files[0]->pending_bytes());  // "next"
  // A file let go gives its bytes back.
  size_t before = budget->used();
  files[1].reset();
  EXPECT_EQ(before - a.size(), budget->used());
  files.clear();
  EXPECT_EQ(0u, budget->used());
}

TEST(LineSplitter, NothingIsLostWhenTheBudgetCutsAtAnyChunking) {
  // Random chunkings of lines of random lengths, two splitters on one small
  // budget fed in turns: joined, each file's pieces give back its bytes.
  std::mt19937 rng(3);
  for (int round = 0; round < 200; round++) {
    auto budget = std::make_shared<ByteBudget>(ByteBudget::kFloor + rng() % 10000);
    LineSplitter x(1 << 20, 0, budget), y(1 << 20, 0, budget);
    std::string tx, ty;
    for (int l = 0; l < 6; l++) {
      tx += std::string(rng() % 20000, 'x') + "\n";
      for (int e = rng() % 10000; e > 0; e--) ty += "\xc3\xa9";  // a cut backs over to a whole character
      ty += "\n";
    }
    std::vector<Got> gx, gy;
    size_t px = 0, py = 0;
    auto feed = [&](LineSplitter& s, const std::string& t, size_t* pos, std::vector<Got>* out) {
      size_t n = std::min<size_t>(t.size() - *pos, 1 + rng() % 9000);
      s.Feed(t.data() + *pos, n, [&](const char* p, size_t len, int64_t end, bool tr) {
        out->push_back({std::string(p, len), end, tr});
      });
      *pos += n;
    };
    while (px < tx.size() || py < ty.size()) {
      if (px < tx.size()) feed(x, tx, &px, &gx);
      if (py < ty.size()) feed(y, ty, &py, &gy);
      ASSERT_LE(budget->used(), budget->limit() + 2 * ByteBudget::kFloor);  // limit + N * kFloor
    }
    ASSERT_TRUE(tx == Joined(gx)) << "round " << round << ": " << tx.size() << " bytes fed, " << Joined(gx).size() << " out";
    ASSERT_TRUE(ty == Joined(gy)) << "round " << round << ": " << ty.size() << " bytes fed, " << Joined(gy).size() << " out";
    for (const Got& g : gy) {
      ASSERT_TRUE(g.line.empty() || g.line[0] == '\xc3') << "round " << round << ": a piece cut inside a character";
    }
    EXPECT_EQ(0u, budget->used());  // every line ended
  }
}
}  // namespace
}  // namespace lc
