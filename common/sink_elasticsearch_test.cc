#include "common/sink_elasticsearch.h"

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
