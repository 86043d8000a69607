#include "common/parse/multiline_joiner.h"

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
}  // namespace lc
