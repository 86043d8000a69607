#include "common/ship/sinks/sink_elasticsearch.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {

using Json = nlohmann::json;

TEST(ElasticsearchBulk, IdIsAFunctionOfTheCursorOnly) {
  std::string a = R"({"body":"x","lc.cursor":"f:1:2:100"})";
  std::string b = R"({"lc.cursor":"f:1:2:100","body":"different body"})";
  std::string c = R"({"body":"x","lc.cursor":"f:1:2:101"})";
  EXPECT_EQ(32u, BulkDocumentId(a).size());
  EXPECT_EQ(BulkDocumentId(a), BulkDocumentId(b));
  EXPECT_NE(BulkDocumentId(a), BulkDocumentId(c));
  // sha256("f:1:2:100"), first 16 bytes: a fixed value, so ids stay stable
  // across versions (a changed id would duplicate every resent record).
  EXPECT_EQ("cc72fa4ffbbad0c205a8dc6baef8b550", BulkDocumentId(a));
}

TEST(ElasticsearchBulk, RecordWithoutCursorHashesTheLine) {
  std::string a = R"({"body":"x"})", b = R"({"body":"y"})";
  EXPECT_NE(BulkDocumentId(a), BulkDocumentId(b));
  EXPECT_EQ(BulkDocumentId(a), BulkDocumentId(a));
  EXPECT_EQ(32u, BulkDocumentId("not json").size());
}

TEST(ElasticsearchBulk, EncodesCreateActionsAndTheRecordVerbatim) {
  std::string r1 = R"({"body":"a\nb","lc.cursor":"k:1"})";
  std::string r2 = R"({"body":"c",  "lc.cursor":"k:2"})";
  std::string out;
  EncodeBulkRequest({r1, r2}, &out);
  ASSERT_EQ('\n', out.back());
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i < out.size(); ++i)
    if (out[i] == '\n') { lines.push_back(out.substr(start, i - start)); start = i + 1; }
  ASSERT_EQ(4u, lines.size());
  Json action = Json::parse(lines[0]);
  EXPECT_EQ(BulkDocumentId(r1), action["create"]["_id"]);
  EXPECT_EQ(1u, action["create"].size());
  EXPECT_EQ(r1, lines[1]);
  EXPECT_EQ(BulkDocumentId(r2), Json::parse(lines[2])["create"]["_id"]);
  EXPECT_EQ(r2, lines[3]);
}

TEST(ElasticsearchBulk, NoErrorsMeansAllDelivered) {
  std::vector<BulkItemOutcome> out;
  ASSERT_TRUE(ParseBulkResponse(R"({"took":3,"errors":false,"items":[]})", 3, &out).ok());
  ASSERT_EQ(3u, out.size());
  for (auto& o : out) EXPECT_EQ(BulkItemOutcome::kDelivered, o.kind);
}

TEST(ElasticsearchBulk, PerItemStatusesMapToOutcomes) {
  std::string body = R"({"errors":true,"items":[
    {"create":{"status":201,"result":"created"}},
    {"create":{"status":409,"error":{"type":"version_conflict_engine_exception","reason":"exists"}}},
    {"create":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}},
    {"create":{"status":400,"error":{"type":"document_parsing_exception","reason":"bad field [x]"}}},
    {"create":{"status":503,"error":{"type":"unavailable_shards_exception","reason":"no shard"}}},
    {"create":{"status":404,"error":"index missing"}}]})";
  std::vector<BulkItemOutcome> out;
  ASSERT_TRUE(ParseBulkResponse(body, 6, &out).ok());
  ASSERT_EQ(6u, out.size());
  EXPECT_EQ(BulkItemOutcome::kDelivered, out[0].kind);
  EXPECT_EQ(BulkItemOutcome::kDelivered, out[1].kind);
  EXPECT_EQ(409, out[1].status);
  EXPECT_EQ(BulkItemOutcome::kRetry, out[2].kind);
  EXPECT_EQ(BulkItemOutcome::kReject, out[3].kind);
  EXPECT_EQ("400 document_parsing_exception: bad field [x]", out[3].reason);
  EXPECT_EQ(BulkItemOutcome::kRetry, out[4].kind);
  EXPECT_EQ(BulkItemOutcome::kReject, out[5].kind);
  EXPECT_EQ("404 index missing", out[5].reason);
}

TEST(ElasticsearchBulk, MalformedResponsesAreCorruption) {
  std::vector<BulkItemOutcome> out;
  EXPECT_TRUE(ParseBulkResponse("<html>", 1, &out).IsCorruption());
  EXPECT_TRUE(ParseBulkResponse(R"({"items":[]})", 1, &out).IsCorruption());
  EXPECT_TRUE(ParseBulkResponse(R"({"errors":true,"items":[{"create":{"status":201}}]})", 2, &out)
                  .IsCorruption());
  EXPECT_TRUE(ParseBulkResponse(R"({"errors":true,"items":[{"create":{}}]})", 1, &out)
                  .IsCorruption());
  EXPECT_TRUE(ParseBulkResponse(R"({"errors":true,"items":[7]})", 1, &out).IsCorruption());
}

}  // namespace lc

// ---- the sink's protocol logic, against a scripted poster

#include "common/base/clock.h"
#include "testing/fake_http_poster.h"

namespace lc {

namespace {

std::vector<std::string> Recs(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i)
    v.push_back(R"({"body":"r)" + std::to_string(i) + R"(","lc.cursor":"s:)" + std::to_string(i) + "\"}");
  return v;
}
std::vector<std::string_view> Views(const std::vector<std::string>& v) {
  return std::vector<std::string_view>(v.begin(), v.end());
}
size_t BulkRecords(const std::string& body) {
  return std::count(body.begin(), body.end(), '\n') / 2;
}
std::string Items(std::vector<int> statuses) {
  Json items = Json::array();
  for (int s : statuses) items.push_back({{"create", {{"status", s}, {"error", {{"type", "t"}, {"reason", "r"}}}}}});
  return Json{{"errors", true}, {"items", items}}.dump();
}

}  // namespace

TEST(ElasticsearchSink, PostsToTheIndexAndAllDelivered) {
  auto poster = std::make_unique<FakeHttpPoster>();
  FakeHttpPoster* p = poster.get();
  p->Answer(200, R"({"errors":false,"items":[]})");
  ElasticsearchSink sink(std::move(poster), "logs");
  auto recs = Recs(3);
  SendResult r = sink.Send(BatchOf(Views(recs)));
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.outcomes.empty());
  ASSERT_EQ(1u, p->requests.size());
  EXPECT_EQ("/logs/_bulk", p->requests[0].path);
  EXPECT_EQ("application/x-ndjson", p->requests[0].content_type);
  EXPECT_EQ(3u, BulkRecords(p->requests[0].body));
}

TEST(ElasticsearchSink, PerItemOutcomes) {
  auto poster = std::make_unique<FakeHttpPoster>();
  FakeHttpPoster* p = poster.get();
  p->Answer(200, Items({201, 409, 429, 400}));
  ElasticsearchSink sink(std::move(poster), "logs");
  auto recs = Recs(4);
  SendResult r = sink.Send(BatchOf(Views(recs)));
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(4u, r.outcomes.size());
  EXPECT_EQ(SendResult::kDelivered, r.outcomes[0]);
  EXPECT_EQ(SendResult::kDelivered, r.outcomes[1]);
  EXPECT_EQ(SendResult::kRetry, r.outcomes[2]);
  EXPECT_EQ(SendResult::kReject, r.outcomes[3]);
  EXPECT_EQ("http://fake/logs/_bulk: item 400 t: r", r.reasons[3]);
}

TEST(ElasticsearchSink, TooLargeSplitsInHalvesDownToOneRecord) {
  auto poster = std::make_unique<FakeHttpPoster>();
  FakeHttpPoster* p = poster.get();
  // 5 records: 413; [0,2) ok; [2,5) 413; [2,3) ok; [3,5) 413; [3] 413; [4] ok.
  p->Answer(413);
  p->Answer(200, R"({"errors":false})");
  p->Answer(413);
  p->Answer(200, R"({"errors":false})");
  p->Answer(413);
  p->Answer(413, "too big");
  p->Answer(200, R"({"errors":false})");
  ElasticsearchSink sink(std::move(poster), "logs");
  auto recs = Recs(5);
  SendResult r = sink.Send(BatchOf(Views(recs)));
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(7u, p->requests.size());
  std::vector<size_t> sizes;
  for (auto& q : p->requests) sizes.push_back(BulkRecords(q.body));
  EXPECT_EQ((std::vector<size_t>{5, 2, 3, 1, 2, 1, 1}), sizes);
  EXPECT_EQ((std::vector<SendResult::Outcome>{SendResult::kDelivered, SendResult::kDelivered,
                                               SendResult::kDelivered, SendResult::kReject,
                                               SendResult::kDelivered}),
            r.outcomes);
  EXPECT_NE(std::string::npos, r.reasons[3].find("HTTP 413 too big (a single record"));
}

TEST(ElasticsearchSink, AnAnswerThatIsNotABulkResponseIsResent) {
  auto poster = std::make_unique<FakeHttpPoster>();
  poster->Answer(200, "<html>proxy</html>");
  ElasticsearchSink sink(std::move(poster), "logs");
  auto recs = Recs(2);
  SendResult r = sink.Send(BatchOf(Views(recs)));
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ("http://fake/logs/_bulk: bulk response: not a JSON object", r.status.message());
}

}  // namespace lc
