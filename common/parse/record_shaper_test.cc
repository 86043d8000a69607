#include "common/parse/record_shaper.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lc {
namespace {

struct Out {
  std::string body, fields;
  int64_t end;
  int64_t time = 0;
};

class RecordShaperTest : public ::testing::Test {
 protected:
  void Make(ShapeOptions o) { ASSERT_TRUE(RecordShaper::Make(o, &s_).ok()); }
  auto Emit() {
    return [this](const char* p, size_t n, int64_t end, bool t, int64_t time, std::string_view f) {
      out_.push_back({std::string(p, n), std::string(f), end, time});
    };
  }
  void Add(const std::string& line, int64_t mono = 0) {
    int64_t start = pos_;
    pos_ += static_cast<int64_t>(line.size()) + 1;
    s_->Add(&st_, line.data(), line.size(), start, pos_, false, 7, mono, Emit());
  }
  std::unique_ptr<RecordShaper> s_;
  ShapeState st_;
  std::vector<Out> out_;
  int64_t pos_ = 0;
};

TEST_F(RecordShaperTest, NothingAskedIsNoShaper) {
  ASSERT_TRUE(RecordShaper::Make(ShapeOptions(), &s_).ok());
  EXPECT_EQ(nullptr, s_);
}

TEST_F(RecordShaperTest, ParsedRecordsDropTheBodyUnlessKeptAndFailuresKeepIt) {
  ShapeOptions o;
  o.parser.parser = "json";
  Make(o);
  Add("{\"a\":1}");
  Add("not json");
  ASSERT_EQ(2u, out_.size());
  EXPECT_EQ("", out_[0].body);
  EXPECT_EQ(",\"a\":1", out_[0].fields);
  EXPECT_EQ("not json", out_[1].body);
  EXPECT_EQ(",\"lc.parse_error\":\"json: not an object\"", out_[1].fields);
  EXPECT_EQ(1u, s_->parsed());
  EXPECT_EQ(1u, s_->failed());
  EXPECT_EQ("{\"parsed\":1,\"parse_failed\":1}", s_->CountersJson());

  o.keep_body = true;
  Make(o);
  out_.clear();
  Add("{\"a\":2}");
  EXPECT_EQ("{\"a\":2}", out_[0].body);
}

TEST_F(RecordShaperTest, ALossyParseKeepsTheExactLine) {
  ShapeOptions o;
  o.parser.parser = "logfmt";
  Make(o);
  Add("k=\xff");
  ASSERT_EQ(1u, out_.size());
  EXPECT_EQ("k=\xff", out_[0].body);
}

TEST_F(RecordShaperTest, MultilineThenParseTheJoinedText) {
  ShapeOptions o;
  o.multiline.start = "^\\d";
  o.multiline.timeout_ns = 100;
  o.parser.parser = "regex";
  o.parser.regex = "(?s)^(?<n>\\d+) (?<msg>.*)";
  Make(o);
  Add("1 first", 0);
  Add("  cont", 10);
  EXPECT_TRUE(out_.empty());
  EXPECT_EQ(0, s_->SafeOffset(st_, pos_));
  EXPECT_EQ(110, s_->Deadline(st_));
  s_->Idle(&st_, 109, false, Emit());
  EXPECT_TRUE(out_.empty());
  s_->Idle(&st_, 110, false, Emit());
  ASSERT_EQ(1u, out_.size());
  EXPECT_EQ(",\"n\":\"1\",\"msg\":\"first\\n  cont\"", out_[0].fields);
  EXPECT_EQ(pos_, out_[0].end);
  EXPECT_EQ(pos_, s_->SafeOffset(st_, pos_));
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

TEST_F(RecordShaperTest, TimeFieldSetsTheRecordsTimeFromAnyParser) {
  ShapeOptions o;
  o.parser.parser = "json";
  o.time.key = "ts";
  o.time.format = "%Y-%m-%d %H:%M:%S";
  o.time.zone = "Asia/Shanghai";
  Make(o);
  Add(R"({"ts":"2023-11-15 06:13:20.5","msg":"a"})");
  Add(R"({"msg":"no ts"})");
  Add(R"({"ts":"yesterday"})");
  Add(R"({"ts":12})");
  Add("not json");
  ASSERT_EQ(5u, out_.size());
  EXPECT_EQ(1700000000500000000, out_[0].time);  // 2023-11-14T22:13:20.5Z
  EXPECT_EQ(R"(,"ts":"2023-11-15 06:13:20.5","msg":"a")", out_[0].fields);  // the field stays
  EXPECT_EQ(7, out_[1].time);  // the record keeps its own time
  EXPECT_EQ(R"(,"msg":"no ts","lc.time_error":"no field \"ts\"")", out_[1].fields);
  EXPECT_EQ(7, out_[2].time);
  EXPECT_EQ(R"(,"ts":"yesterday","lc.time_error":"no year")", out_[2].fields);
  EXPECT_EQ(7, out_[3].time);
  EXPECT_EQ(R"(,"lc.parse_error":"json: not an object")", out_[4].fields);  // no time error on top
  EXPECT_EQ(R"({"parsed":4,"parse_failed":1,"time_failed":3})", s_->CountersJson());

  o.time.format = "epoch_ms";
  o.time.zone = "UTC";
  Make(o);
  out_.clear();
  Add(R"({"ts":1700000000123})");
  Add(R"({"ts":"1700000000123"})");
  EXPECT_EQ(1700000000123000000, out_[0].time);
  EXPECT_EQ(1700000000123000000, out_[1].time);

  o.parser.parser = "regex";
  o.parser.regex = "^(?<when>\\S+) (?<msg>.*)$";
  o.time.key = "when";
  o.time.format = "rfc3339";
  Make(o);
  out_.clear();
  Add("2023-11-14T22:13:20Z hello");
  EXPECT_EQ(1700000000000000000, out_[0].time);

  o.parser.parser = "logfmt";
  o.time.key = "t";
  o.time.format = "epoch";
  Make(o);
  out_.clear();
  Add("t=1700000000 msg=x");
  EXPECT_EQ(1700000000000000000, out_[0].time);
}

TEST_F(RecordShaperTest, TimeFlagsRefusedNameTheFlag) {
  ShapeOptions o;
  o.time.key = "ts";
  EXPECT_EQ("--time-key: needs a --parser (json, regex, logfmt, delimiter...)", RecordShaper::Make(o, &s_).message());
  o.parser.parser = "json";
  o.time.format = "%H %";
  EXPECT_EQ("--time-format: '%H %': at offset 3: '%' at the end (write %% for a '%')", RecordShaper::Make(o, &s_).message());
  o.time.format = "epoch";
  o.time.zone = "Nowhere/Town";
  EXPECT_EQ(0u, RecordShaper::Make(o, &s_).message().find("--time-zone: 'Nowhere/Town': unknown time zone"));
}

}  // namespace
}  // namespace lc
