#include "common/tail/record_writer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/test_ndjson.h"

namespace lc {
namespace {

using nlohmann::json;

class RecordWriterTest : public ::testing::Test {
 protected:
  RecordWriterTest() : out_(-1, 16 << 20), writer_(&out_, "node-7", {{"env", "test"}, {"team", "cli"}}) {
    source_.tags = {{"team", "watch"}, {"k8s.pod.name", "web-0"}};
    file_.path = "/var/log/app/a.log";
    file_.key = "803:1a2b:9f00";
    file_.source = &source_;
    writer_.Begin(&file_);
  }

  // Hands out `lines` as one chunk, as a Tailer does after one read.
  void Chunk(const std::vector<std::string>& lines, int64_t* end) {
    writer_.BeginChunk(&file_);
    for (const std::string& l : lines) {
      *end += static_cast<int64_t>(l.size()) + 1;
      writer_.Line(&file_, l.data(), l.size(), *end, false, kTime);
    }
    writer_.EndChunk(&file_);
  }

  std::vector<json> Records() { return ParseNdjson(out_.pending()); }

  static constexpr int64_t kTime = 1764049245295588061;  // 2025-11-25T05:40:45.295588061Z
  OutputWriter out_;
  RecordWriter writer_;
  WatchSource source_;
  TailedFile file_;
};

TEST_F(RecordWriterTest, ARecordHasTheFieldsOfTheStreamInOrder) {
  int64_t end = 0;
  Chunk({"GET /healthz 200"}, &end);
  EXPECT_EQ(
      "{\"time\":\"2025-11-25T05:40:45.295588061Z\",\"body\":\"GET /healthz 200\","
      "\"log.file.path\":\"/var/log/app/a.log\",\"host.name\":\"node-7\",\"team\":\"watch\","
      "\"k8s.pod.name\":\"web-0\",\"env\":\"test\",\"lc.cursor\":\"803:1a2b:9f00:17\"}\n",
      std::string(out_.pending()));
}

TEST_F(RecordWriterTest, CursorOffsetsOfEveryWidthEndTheirLines) {
  std::vector<int64_t> ends = {0, 9, 10, 99, 100, 12345, 1000000007, INT64_MAX};
  for (int64_t e : ends) writer_.Line(&file_, "x", 1, e, false, kTime);
  std::vector<json> r = Records();
  ASSERT_EQ(ends.size(), r.size());
  for (size_t i = 0; i < ends.size(); i++) {
    EXPECT_EQ("803:1a2b:9f00:" + std::to_string(ends[i]), r[i]["lc.cursor"]);
  }
}

TEST_F(RecordWriterTest, AKeyOrPathChangedBetweenChunksIsInTheNextRecords) {
  int64_t end = 0;
  Chunk({"one", "two"}, &end);
  file_.key = "803:1a2b:9f00+1";  // copytruncate: a new generation
  end = 0;
  Chunk({"three"}, &end);
  file_.path = "/var/log/app/a.log.1";
  writer_.Line(&file_, "four", 4, 5, false, kTime);  // outside a chunk (a flushed partial line)
  std::vector<json> r = Records();
  ASSERT_EQ(4u, r.size());
  EXPECT_EQ("803:1a2b:9f00:8", r[1]["lc.cursor"]);
  EXPECT_EQ("803:1a2b:9f00+1:6", r[2]["lc.cursor"]);
  EXPECT_EQ("/var/log/app/a.log", r[2]["log.file.path"]);
  EXPECT_EQ("/var/log/app/a.log.1", r[3]["log.file.path"]);
}

TEST_F(RecordWriterTest, InvalidUtf8KeepsItsBytesAndAPieceIsFlagged) {
  std::string bad("a\xff\x00z", 4);
  writer_.Line(&file_, bad.data(), bad.size(), 5, false, kTime);
  writer_.Line(&file_, "piece", 5, 10, true, kTime);
  std::vector<json> r = Records();
  ASSERT_EQ(2u, r.size());
  EXPECT_EQ(std::string("a\xEF\xBF\xBD\0z", 6), r[0]["body"].get<std::string>());
  EXPECT_EQ("Yf8Aeg==", r[0]["lc.body_base64"]);
  EXPECT_FALSE(r[0].contains("lc.truncated"));
  EXPECT_EQ(true, r[1]["lc.truncated"]);
  EXPECT_FALSE(r[1].contains("lc.body_base64"));
}

// The fast writer and the record module's encoder write the same bytes, and
// the decoder gives back each line, its piece flag and its cursor.
TEST_F(RecordWriterTest, WritesWhatTheRecordModuleDecodesAndEncodesAlike) {
  file_.key = "803:\"odd\\key\":1";
  std::vector<std::pair<std::string, bool>> lines = {
      {"GET /healthz 200", false}, {std::string("a\xff\x00z\n\t\"", 7), false}, {"piece", true}, {"", false}};
  int64_t end = 0;
  for (const auto& [line, piece] : lines) {
    end += static_cast<int64_t>(line.size()) + (piece ? 0 : 1);
    writer_.Line(&file_, line.data(), line.size(), end, piece, kTime);
  }
  std::string all(out_.pending());
  size_t at = 0;
  end = 0;
  for (const auto& [line, piece] : lines) {
    size_t nl = all.find('\n', at);
    ASSERT_NE(std::string::npos, nl);
    std::string_view written(all.data() + at, nl - at);
    Record r;
    Status s = DecodeRecord(written, &r);
    ASSERT_TRUE(s.ok()) << s.message();
    end += static_cast<int64_t>(line.size()) + (piece ? 0 : 1);
    EXPECT_EQ(line, r.body);
    EXPECT_EQ(piece, r.truncated);
    EXPECT_EQ((Cursor{file_.key, end}), r.cursor);
    std::string again;
    AppendRecord(r, &again);
    EXPECT_EQ(std::string(written) + "\n", again);
    at = nl + 1;
  }
  EXPECT_EQ(all.size(), at);
}

TEST(RecordWriter, ALineLongerThanTheBufferGrowsIt) {
  OutputWriter small(-1, 1024);  // -1: every flush fails, so the bytes stay
  RecordWriter writer(&small, "node-7", {});
  TailedFile f;
  f.path = "/l/a.log";
  f.key = "k";
  writer.Begin(&f);
  std::string big(200000, '"');  // every byte escaped: 400000 bytes of body
  writer.Line(&f, big.data(), big.size(), 200001, false, 0);
  json r = json::parse(small.pending());
  EXPECT_EQ(big, r["body"]);
  EXPECT_EQ("k:200001", r["lc.cursor"]);
}

}  // namespace
}  // namespace lc
