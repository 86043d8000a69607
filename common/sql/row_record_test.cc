#include "common/sql/row_record.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {
namespace {

using json = nlohmann::ordered_json;

SqlValue V(std::string t) { return SqlValue{false, std::move(t)}; }
SqlValue Null() { return SqlValue{true, ""}; }

RowRecordOptions Opts() {
  RowRecordOptions o;
  o.source_key = "sql:00000000000000ab";
  o.cursor_column = "id";
  o.host_name = "node-7";
  return o;
}

TEST(RowRecordTest, ColumnsBecomeTypedFieldsAndTheBodyIsTheRow) {
  RowRecord rr(Opts());
  ASSERT_TRUE(rr.SetColumns({{"id", SqlType::kInteger}, {"msg", SqlType::kText}, {"ok", SqlType::kBool},
                             {"ratio", SqlType::kNumber}, {"gone", SqlType::kText}, {"nan", SqlType::kNumber}})
                  .ok());
  std::vector<SqlValue> row = {V("7"), V("h\"i\n"), V("t"), V("0.25"), Null(), V("NaN")};
  int64_t cursor = 0;
  ASSERT_TRUE(rr.CursorOf(row, &cursor).ok());
  EXPECT_EQ(cursor, 7);
  std::string out;
  rr.Append(row, 1'700'000'000'000'000'000, cursor, &out);
  ASSERT_EQ(out.back(), '\n');
  json j = json::parse(out);
  EXPECT_EQ(j["time"], "2023-11-14T22:13:20.000000000Z");
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["msg"], "h\"i\n");
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["ratio"], 0.25);
  EXPECT_TRUE(j["gone"].is_null());
  EXPECT_EQ(j["nan"], "NaN");
  EXPECT_EQ(j["host.name"], "node-7");
  EXPECT_EQ(j["lc.cursor"], "sql:00000000000000ab:7");
  json body = json::parse(j["body"].get<std::string>());
  EXPECT_EQ(body.dump(), R"({"id":7,"msg":"h\"i\n","ok":true,"ratio":0.25,"gone":null,"nan":"NaN"})");
}

TEST(RowRecordTest, ReservedAndRepeatedNamesFollowTheCollisionRule) {
  RowRecord rr(Opts());
  ASSERT_TRUE(rr.SetColumns({{"id", SqlType::kInteger}, {"time", SqlType::kText}, {"lc.cursor", SqlType::kText},
                             {"host.name", SqlType::kText}, {"id", SqlType::kInteger}})
                  .ok());
  std::string out;
  rr.Append({V("1"), V("t"), V("c"), V("h"), V("2")}, 0, 1, &out);
  json j = json::parse(out);
  EXPECT_EQ(j["_time"], "t");
  EXPECT_EQ(j["_lc.cursor"], "c");
  EXPECT_EQ(j["_host.name"], "h");
  EXPECT_EQ(j["id"], 1);
  EXPECT_EQ(j["_id"], 2);
  EXPECT_EQ(j["lc.cursor"], "sql:00000000000000ab:1");
}

TEST(RowRecordTest, TagsComeAfterTheColumnsAndWinTheirName) {
  RowRecordOptions o = Opts();
  o.tags = {{"db", "orders"}, {"env", "prod"}};
  RowRecord rr(o);
  ASSERT_TRUE(rr.SetColumns({{"id", SqlType::kInteger}, {"db", SqlType::kText}}).ok());
  std::string out;
  rr.Append({V("1"), V("column")}, 0, 1, &out);
  EXPECT_NE(out.find(R"("id":1,"_db":"column","host.name":"node-7","db":"orders","env":"prod","lc.cursor")"),
            std::string::npos)
      << out;
}

TEST(RowRecordTest, BytesThatAreNotUtf8AreKeptInBase64) {
  RowRecord rr(Opts());
  ASSERT_TRUE(rr.SetColumns({{"id", SqlType::kInteger}, {"blob", SqlType::kText}}).ok());
  std::string out;
  rr.Append({V("1"), V(std::string("caf\xe9\0", 5))}, 0, 1, &out);
  json j = json::parse(out);  // valid UTF-8 JSON
  EXPECT_EQ(j["blob"].get<std::string>(), std::string("caf\xef\xbf\xbd\0", 7));
  EXPECT_EQ(j["blob.base64"], "Y2Fm6QA=");
  json body = json::parse(j["body"].get<std::string>());
  EXPECT_EQ(body["blob.base64"], "Y2Fm6QA=");
}

TEST(RowRecordTest, BodyColumnIsTheBodyAndNotAField) {
  RowRecordOptions o = Opts();
  o.body_column = "msg";
  o.host_name = "";
  RowRecord rr(o);
  ASSERT_TRUE(rr.SetColumns({{"id", SqlType::kInteger}, {"msg", SqlType::kText}}).ok());
  std::string out;
  rr.Append({V("3"), V("GET / 200")}, 0, 3, &out);
  json j = json::parse(out);
  EXPECT_EQ(j["body"], "GET / 200");
  EXPECT_FALSE(j.contains("msg"));
  EXPECT_FALSE(j.contains("host.name"));
  EXPECT_EQ(j["id"], 3);
}

TEST(RowRecordTest, TimeColumnIsTheRecordTimeAndABadOneIsAParseError) {
  RowRecordOptions o = Opts();
  o.time_column = "at";
  RowRecord rr(o);
  ASSERT_TRUE(rr.SetColumns({{"id", SqlType::kInteger}, {"at", SqlType::kText}}).ok());
  std::string out;
  rr.Append({V("1"), V("2026-12-02 11:07:36.5+00")}, 0, 1, &out);
  rr.Append({V("2"), V("yesterday")}, 0, 2, &out);
  rr.Append({V("3"), Null()}, 0, 3, &out);
  std::vector<json> j;
  for (size_t at = 0, nl; (nl = out.find('\n', at)) != std::string::npos; at = nl + 1) {
    j.push_back(json::parse(out.substr(at, nl - at)));
  }
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["time"], "2026-12-02T11:07:36.500000000Z");
  EXPECT_FALSE(j[0].contains("lc.parse_error"));
  EXPECT_EQ(j[1]["time"], "1970-01-01T00:00:00.000000000Z");  // the read time
  EXPECT_EQ(j[1]["lc.parse_error"], "--time-column at: \"yesterday\" is not a time");
  EXPECT_EQ(j[1]["at"], "yesterday");
  EXPECT_EQ(j[2]["lc.parse_error"], "--time-column at: NULL is not a time");
  EXPECT_TRUE(rr.SetColumns({{"id", SqlType::kInteger}}).IsInvalidArgument());
}

TEST(RowRecordTest, MissingColumnsAndBadCursorValuesAreErrors) {
  RowRecord rr(Opts());
  Status s = rr.SetColumns({{"ident", SqlType::kInteger}});
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("--cursor-column id"), std::string::npos);
  RowRecordOptions o = Opts();
  o.body_column = "nope";
  RowRecord rb(o);
  EXPECT_TRUE(rb.SetColumns({{"id", SqlType::kInteger}}).IsInvalidArgument());
  ASSERT_TRUE(rr.SetColumns({{"id", SqlType::kText}}).ok());
  int64_t c = 0;
  for (const SqlValue& v : {V("abc"), V("-1"), V("1.5"), V(""), V("9223372036854775808"), Null()}) {
    Status cs = rr.CursorOf({v}, &c);
    EXPECT_TRUE(cs.IsInvalidArgument()) << v.text;
    EXPECT_NE(cs.message().find("not an integer"), std::string::npos);
  }
  ASSERT_TRUE(rr.CursorOf({V("9223372036854775807")}, &c).ok());
  EXPECT_EQ(c, INT64_MAX);
}

}  // namespace
}  // namespace lc
