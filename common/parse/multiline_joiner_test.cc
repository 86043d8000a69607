#include "common/parse/multiline_joiner.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lc {
namespace {

struct Out {
  std::string text;
  int64_t end;
  bool truncated;
  int64_t time;
};

class MultilineJoinerTest : public ::testing::Test {
 protected:
  void Make(MultilineOptions o) { ASSERT_TRUE(MultilineJoiner::Make(o, &j_).ok()); }
  auto Emit() {
    return [this](const char* p, size_t n, int64_t end, bool t, int64_t time) {
      out_.push_back({std::string(p, n), end, t, time});
    };
  }
  // Feeds one line as the next of the file (offsets counted here).
  void Add(const std::string& line, int64_t mono = 0) {
    int64_t start = pos_;
    pos_ += static_cast<int64_t>(line.size()) + 1;
    j_->Add(&st_, line.data(), line.size(), start, pos_, false, 1000 + start, mono, Emit());
  }
  std::unique_ptr<MultilineJoiner> j_;
  MultilineState st_;
  std::vector<Out> out_;
  int64_t pos_ = 0;
};

TEST_F(MultilineJoinerTest, StartRuleJoinsAStackTraceEndingPastItsLastLine) {
  MultilineOptions o;
  o.start = "^\\d{4}-";
  Make(o);
  Add("2026-12-01 ERROR boom");
  Add("java.lang.IllegalStateException: x");
  Add("\tat a.B.c(B.java:1)");
  int64_t trace_end = pos_;
  EXPECT_TRUE(out_.empty());
  EXPECT_TRUE(st_.held);
  EXPECT_EQ(0, st_.start);  // a checkpoint stays before the held record
  Add("2026-12-01 INFO next");
  ASSERT_EQ(1u, out_.size());
  EXPECT_EQ("2026-12-01 ERROR boom\njava.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)", out_[0].text);
  EXPECT_EQ(trace_end, out_[0].end);
  EXPECT_EQ(1000, out_[0].time);  // the first line's time
  EXPECT_FALSE(out_[0].truncated);
  EXPECT_EQ(trace_end, st_.start);
  j_->Flush(&st_, Emit());
  ASSERT_EQ(2u, out_.size());
  EXPECT_EQ("2026-12-01 INFO next", out_[1].text);
  EXPECT_FALSE(st_.held);
}

TEST_F(MultilineJoinerTest, ContinueRuleJoinsIndentedLines) {
  MultilineOptions o;
  o.cont = "^\\s";
  Make(o);
  Add("Traceback (most recent call last):");
  Add("  File \"/app/x.py\", line 1");
  Add("ValueError: bad");
  Add("  more");
  j_->Flush(&st_, Emit());
  ASSERT_EQ(2u, out_.size());
  EXPECT_EQ("Traceback (most recent call last):\n  File \"/app/x.py\", line 1", out_[0].text);
  EXPECT_EQ("ValueError: bad\n  more", out_[1].text);
}

TEST_F(MultilineJoinerTest, BoundsCutFlaggedTruncated) {
  MultilineOptions o;
  o.start = "^S";
  o.max_lines = 2;
  Make(o);
  Add("S1");
  Add("c1");
  Add("c2");  // a third line: the record is cut before it
  Add("S2");
  j_->Flush(&st_, Emit());
  ASSERT_EQ(3u, out_.size());
  EXPECT_EQ("S1\nc1", out_[0].text);
  EXPECT_TRUE(out_[0].truncated);
  EXPECT_EQ("c2", out_[1].text);
  EXPECT_TRUE(out_[1].truncated);
  EXPECT_EQ("S2", out_[2].text);
  EXPECT_FALSE(out_[2].truncated);

  out_.clear();
  o.max_lines = 100;
  o.max_bytes = 5;
  Make(o);
  Add("S12");
  Add("abc");  // 3 + 1 + 3 > 5
  j_->Flush(&st_, Emit());
  ASSERT_EQ(2u, out_.size());
  EXPECT_TRUE(out_[0].truncated);
  EXPECT_EQ("S12", out_[0].text);
}

TEST_F(MultilineJoinerTest, DeadlineIsTheTimeoutAfterTheLastLine) {
  MultilineOptions o;
  o.start = "^S";
  o.timeout_ns = 3000;
  Make(o);
  EXPECT_EQ(INT64_MAX, j_->Deadline(st_));
  Add("S", 100);
  Add("c", 500);
  EXPECT_EQ(3500, j_->Deadline(st_));
}

TEST_F(MultilineJoinerTest, BadRulesAreRefused) {
  MultilineOptions o;
  o.start = "(";
  Status s = MultilineJoiner::Make(o, &j_);
  EXPECT_NE(std::string::npos, s.message().find("--multiline-start: regex '(' does not compile at offset 1"))
      << s.message();
  o.start = "a";
  o.cont = "b";
  EXPECT_TRUE(MultilineJoiner::Make(o, &j_).IsInvalidArgument());
  MultilineOptions none;
  ASSERT_TRUE(MultilineJoiner::Make(none, &j_).ok());
  EXPECT_EQ(nullptr, j_);
}

}  // namespace

// Issue 14 (the agent's memory): the records held by all files of a joiner
// are bounded together, not only each by max_bytes.
TEST(MultilineJoinerHeld, TheRecordsOfManyFilesShareOneBound) {
  MultilineOptions o;
  o.start = "^S";
  o.max_held_bytes = 10000;
  std::unique_ptr<MultilineJoiner> j;
  ASSERT_TRUE(MultilineJoiner::Make(o, &j).ok());
  std::vector<Out> out;
  auto emit = [&](const char* p, size_t n, int64_t end, bool t, int64_t time) {
    out.push_back({std::string(p, n), end, t, time});
  };
  auto a = std::make_unique<MultilineState>(), b = std::make_unique<MultilineState>();
  MultilineState c;
  std::string start = "S" + std::string(999, 's'), cont = std::string(1000, 'c');
  auto add = [&](MultilineState* st, const std::string& line) {
    j->Add(st, line.data(), line.size(), 0, 1, false, 0, 0, emit);
  };
  add(a.get(), start);
  for (int i = 0; i < 5; i++) add(a.get(), cont);  // a holds 6005 bytes
  EXPECT_TRUE(out.empty());
  // b may hold what a leaves, or kMinHeld (4096) if that is more: three
  // lines, and the fourth is cut off as a new, truncated record.
  add(b.get(), start);
  for (int i = 0; i < 3; i++) add(b.get(), cont);
  EXPECT_TRUE(out.empty());
  add(b.get(), cont);
  ASSERT_EQ(1u, out.size());
  EXPECT_EQ(start + "\n" + cont + "\n" + cont + "\n" + cont, out[0].text);
  EXPECT_TRUE(out[0].truncated);
  EXPECT_TRUE(b->held);  // the fourth line, a record of its own
  // A first line longer than what is left goes out at once, truncated...
  add(&c, "S" + std::string(7999, 'x'));
  ASSERT_EQ(2u, out.size());
  EXPECT_EQ(8000u, out[1].text.size());
  EXPECT_TRUE(out[1].truncated);
  EXPECT_FALSE(c.held);
  // ...what continues it is truncated too; a new record is not.
  add(&c, cont);
  add(&c, "S new");
  ASSERT_EQ(3u, out.size());
  EXPECT_EQ(cont, out[2].text);
  EXPECT_TRUE(out[2].truncated);
  j->Flush(&c, emit);
  ASSERT_EQ(4u, out.size());
  EXPECT_EQ("S new", out[3].text);
  EXPECT_FALSE(out[3].truncated);
  // Cut at once and followed by a line that begins a record: that record
  // is whole.
  MultilineState d;
  add(&d, "S" + std::string(7999, 'y'));
  add(&d, "S fresh");
  j->Flush(&d, emit);
  ASSERT_EQ(6u, out.size());
  EXPECT_TRUE(out[4].truncated);
  EXPECT_EQ("S fresh", out[5].text);
  EXPECT_FALSE(out[5].truncated);
  // A file let go gives its bytes back: b's next record may take 9 lines.
  a.reset();
  add(b.get(), start);
  for (int i = 0; i < 8; i++) add(b.get(), cont);
  EXPECT_EQ(7u, out.size());  // only the record b held before
  EXPECT_TRUE(b->held);
}

TEST(MultilineJoinerHeld, ALongRecordsMemoryIsGivenBackOnceItIsOut) {
  MultilineOptions o;
  o.start = "^S";
  std::unique_ptr<MultilineJoiner> j;
  ASSERT_TRUE(MultilineJoiner::Make(o, &j).ok());
  MultilineState st;
  size_t records = 0;
  auto emit = [&](const char*, size_t, int64_t, bool, int64_t) { records++; };
  std::string big = "S" + std::string(200000, 'x');
  j->Add(&st, big.data(), big.size(), 0, 1, false, 0, 0, emit);
  EXPECT_GE(st.buf.capacity(), big.size());
  j->Add(&st, "S", 1, 1, 2, false, 0, 0, emit);  // the big one is out
  EXPECT_EQ(1u, records);
  EXPECT_LT(st.buf.capacity(), size_t{64} << 10);
}

}  // namespace lc
