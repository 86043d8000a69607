#include "common/parse/parse_stage.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/base/duration.h"
#include "common/tail/record_writer.h"
#include "testing/fake_clock.h"
#include "testing/test_ndjson.h"

namespace lc {
namespace {

using nlohmann::json;

class ParseStageTest : public ::testing::Test {
 protected:
  void Make(ShapeOptions o) {
    ASSERT_TRUE(RecordShaper::Make(o, &shaper_).ok());
    stage_ = std::make_unique<ParseStage>(shaper_.get(), &writer_, &clock_, &tags_);
    source_.tags = {{"app", "web"}};
    file_.path = "/var/log/a.log";
    file_.key = "1:2:3";
    file_.source = &source_;
    stage_->Begin(&file_);
  }
  void Chunk(const std::vector<std::string>& lines) {
    stage_->BeginChunk(&file_);
    for (const std::string& l : lines) {
      end_ += static_cast<int64_t>(l.size()) + 1;
      stage_->Line(&file_, l.data(), l.size(), end_, false, kTime);
    }
    stage_->EndChunk(&file_);
  }
  std::vector<json> Records() { return ParseNdjson(out_.pending()); }

  static constexpr int64_t kTime = 1764049245295588061;
  OutputWriter out_{-1, 16 << 20};
  Tags tags_{{"env", "prod"}};
  RecordWriter writer_{&out_, "node-1", tags_};
  FakeClock clock_;
  std::unique_ptr<RecordShaper> shaper_;
  std::unique_ptr<ParseStage> stage_;
  WatchSource source_;
  TailedFile file_;
  int64_t end_ = 0;
};

TEST_F(ParseStageTest, ParsedFieldsComeAfterTheBodyAndCollisionsAreRenamed) {
  ShapeOptions o;
  o.parser.parser = "json";
  Make(o);
  Chunk({R"({"level":"warn","time":"t0","env":"dev","app":1,"lc.cursor":"x"})"});
  EXPECT_EQ(
      "{\"time\":\"2025-11-25T05:40:45.295588061Z\",\"body\":\"\",\"level\":\"warn\",\"_time\":\"t0\","
      "\"_env\":\"dev\",\"_app\":1,\"_lc.cursor\":\"x\",\"log.file.path\":\"/var/log/a.log\","
      "\"host.name\":\"node-1\",\"app\":\"web\",\"env\":\"prod\",\"lc.cursor\":\"1:2:3:" +
          std::to_string(end_) + "\"}\n",
      std::string(out_.pending()));
}

TEST_F(ParseStageTest, AFailedLineIsKeptWithItsError) {
  ShapeOptions o;
  o.parser.parser = "json";
  Make(o);
  Chunk({"oops \xff"});
  auto r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ("oops \xef\xbf\xbd", r[0]["body"]);
  EXPECT_EQ("b29wcyD/", r[0]["lc.body_base64"]);
  EXPECT_EQ("json: not valid UTF-8", r[0]["lc.parse_error"]);
}

TEST_F(ParseStageTest, AHeldRecordHoldsTheCheckpointAndIsDueAfterItsTimeout) {
  ShapeOptions o;
  o.multiline.start = "^\\d{4}-";
  o.multiline.timeout_ns = 3 * kSeconds;
  Make(o);
  Chunk({"2026-12-01 a", "x"});
  int64_t first_end = 13;
  Chunk({"2026-12-01 b", "  at c"});
  auto r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ("2026-12-01 a\nx", r[0]["body"]);
  EXPECT_EQ("1:2:3:" + std::to_string(first_end + 2), r[0]["lc.cursor"]);
  EXPECT_EQ(first_end + 2, stage_->SafeOffset(file_, end_));  // the held record's first line
  EXPECT_EQ(clock_.MonoNanos() + 3 * kSeconds, stage_->Deadline(file_));
  clock_.Advance(2 * kSeconds);
  stage_->Idle(&file_, clock_.MonoNanos(), false);
  EXPECT_EQ(1u, Records().size());
  clock_.Advance(1 * kSeconds);
  stage_->Idle(&file_, clock_.MonoNanos(), false);
  r = Records();
  ASSERT_EQ(2u, r.size());
  EXPECT_EQ("2026-12-01 b\n  at c", r[1]["body"]);
  EXPECT_EQ("1:2:3:" + std::to_string(end_), r[1]["lc.cursor"]);
  EXPECT_EQ(end_, stage_->SafeOffset(file_, end_));
  EXPECT_EQ(LineHandler::kNoDeadline, stage_->Deadline(file_));
}

TEST_F(ParseStageTest, FinalIdleEmitsWhatIsHeld) {
  ShapeOptions o;
  o.multiline.cont = "^\\s";
  Make(o);
  Chunk({"Traceback:", "  line"});
  EXPECT_TRUE(Records().empty());
  stage_->Idle(&file_, clock_.MonoNanos(), true);
  ASSERT_EQ(1u, Records().size());
}

// A watch's own parser (a collection config's, carried by lc-render's watch
// event) shapes its files; a file of another source keeps the command
// line's (here none: its lines pass through untouched); a watch whose
// parser is refused is read unparsed.  The counters add up over both.
TEST(ParseStagePerWatch, AWatchsParserShapesItsFilesOnlyAndABadOneReadsUnparsed) {
  OutputWriter out{-1, 16 << 20};
  Tags tags;
  RecordWriter writer{&out, "node-1", tags};
  FakeClock clock;
  ParseStage stage(nullptr, &writer, &clock, &tags);
  WatchSource json_watch, plain, bad;
  json_watch.key = "web/c1";
  json_watch.parser = R"({"type":"json"})";
  bad.key = "bad/c2";
  bad.parser = R"({"type":"regex"})";  // no regex: refused
  TailedFile a, b, c;
  a.path = "/a.log", a.key = "1:1:1", a.source = &json_watch;
  b.path = "/b.log", b.key = "1:2:1", b.source = &plain;
  c.path = "/c.log", c.key = "1:3:1", c.source = &bad;
  std::string line = R"({"level":"warn"})";
  for (TailedFile* f : {&a, &b, &c}) {
    stage.Begin(f);
    stage.BeginChunk(f);
    stage.Line(f, line.data(), line.size(), static_cast<int64_t>(line.size()) + 1, false, 1764049245295588061);
    stage.EndChunk(f);
  }
  std::vector<json> recs = ParseNdjson(out.pending());
  ASSERT_EQ(3u, recs.size());
  EXPECT_EQ("", recs[0]["body"]);
  EXPECT_EQ("warn", recs[0]["level"]);
  EXPECT_EQ(line, recs[1]["body"]);
  EXPECT_FALSE(recs[1].contains("level"));
  EXPECT_EQ(line, recs[2]["body"]);
  EXPECT_FALSE(recs[2].contains("lc.parse_error"));
  EXPECT_TRUE(stage.parsing());
  EXPECT_EQ(R"({"parsed":1,"parse_failed":0})", stage.CountersJson());
}

}  // namespace
}  // namespace lc
