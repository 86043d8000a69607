#include "common/stream/record.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {
namespace {

// FindCursor with the key copied out, for comparing.
bool FindCursor(std::string_view record, std::string* key, int64_t* offset) {
  std::string scratch;
  std::string_view k;
  if (!lc::FindCursor(record, &scratch, &k, offset)) return false;
  key->assign(k.data(), k.size());
  return true;
}

Record Decode(std::string_view line) {
  Record r;
  Status s = DecodeRecord(line, &r);
  EXPECT_TRUE(s.ok()) << s.message() << " in " << line;
  return r;
}

std::string Encode(const Record& r) {
  std::string s;
  AppendRecord(r, &s);
  return s;
}

}  // namespace

TEST(Record, FindCursorTakesTheLastTopLevelField) {
  std::string key;
  int64_t off;
  ASSERT_TRUE(FindCursor(R"({"body":"x","lc.cursor":"/var/log/a.log:1:2:120"})", &key, &off));
  EXPECT_EQ("/var/log/a.log:1:2", key);
  EXPECT_EQ(120, off);
  // A body that quotes a cursor is escaped, so it never matches.
  ASSERT_TRUE(FindCursor(R"({"body":"\"lc.cursor\":\"fake:9\"","lc.cursor":"k:7"})", &key, &off));
  EXPECT_EQ("k", key);
  EXPECT_EQ(7, off);
  EXPECT_FALSE(FindCursor(R"({"body":"\"lc.cursor\":\"fake:9\""})", &key, &off));
  EXPECT_FALSE(FindCursor("not json", &key, &off));
  EXPECT_FALSE(FindCursor(R"({"lc.cursor":"nooffset"})", &key, &off));
  EXPECT_FALSE(FindCursor(R"({"lc.cursor":"k:12)", &key, &off));  // cut short
  // Not the last field (a record from another producer): still found.
  ASSERT_TRUE(FindCursor(R"({"lc.cursor":"k:5","body":"x"})", &key, &off));
  EXPECT_EQ("k", key);
  EXPECT_EQ(5, off);
  ASSERT_TRUE(FindCursor(R"({"lc.cursor":"k:6","n":1})", &key, &off));
  EXPECT_EQ(6, off);
}

TEST(Record, FindCursorDecodesEscapedKeys) {
  std::string key;
  int64_t off;
  ASSERT_TRUE(FindCursor(R"({"lc.cursor":"/logs/a\"b\\c:42"})", &key, &off));
  EXPECT_EQ("/logs/a\"b\\c", key);
  EXPECT_EQ(42, off);
  // An escaped ':' in the key is still a ':' of the key, not the separator.
  ASSERT_TRUE(FindCursor(R"({"body":"x","lc.cursor":"a\u003ab:9"})", &key, &off));
  EXPECT_EQ("a:b", key);
  EXPECT_EQ(9, off);
}

TEST(Record, FindCursorAgreesWithTheDecoder) {
  for (const char* line :
       {R"({"time":"t","body":"b","lc.cursor":"803:1a:9f:120"})", R"({"time":"t","body":"b","lc.cursor":"\\x\"y:3"})",
        R"({"time":"t","lc.cursor":"k:5","body":"b"})", R"({"time":"t","body":"b","lc.cursor":"c\u00e9:0"})"}) {
    Record r = Decode(line);
    std::string key;
    int64_t off;
    ASSERT_TRUE(FindCursor(line, &key, &off)) << line;
    EXPECT_EQ(r.cursor, (Cursor{key, off})) << line;
  }
}

TEST(Record, DecodesTheFieldsOfTheStream) {
  Record r = Decode(
      R"({"time":"2026-11-25T05:40:45.295588061Z","body":"GET \"/\" 200\tok","log.iostream":"stdout",)"
      R"("log.file.path":"/var/log/a.log","host.name":"node-7","n":3,"labels":{"a":1},)"
      R"("lc.cursor":"803:1a2b:9f00/stdout:17"})");
  EXPECT_EQ("2026-11-25T05:40:45.295588061Z", r.time);
  EXPECT_EQ("GET \"/\" 200\tok", r.body);
  EXPECT_FALSE(r.truncated);
  EXPECT_EQ("", r.parse_error);
  ASSERT_TRUE(r.has_cursor);
  EXPECT_EQ((Cursor{"803:1a2b:9f00/stdout", 17}), r.cursor);
  ASSERT_EQ(5u, r.fields.size());
  EXPECT_EQ((RecordField{"log.iostream", "stdout", true}), r.fields[0]);
  EXPECT_EQ((RecordField{"n", "3", false}), r.fields[3]);
  EXPECT_EQ((RecordField{"labels", R"({"a":1})", false}), r.fields[4]);
  ASSERT_NE(nullptr, r.Field(record_field::kHostName));
  EXPECT_EQ("node-7", *r.Field(record_field::kHostName));
  EXPECT_EQ(nullptr, r.Field("n"));  // not a string
  EXPECT_EQ(nullptr, r.Field("nope"));
}

TEST(Record, TheExactBytesComeBackFromBase64AndTruncatedAndParseErrorsAreKept) {
  Record r = Decode(R"({"time":"t","body":"a\ufffdb","lc.truncated":true,"lc.body_base64":"Yf9i",)"
                    R"("lc.parse_error":"no stream","lc.cursor":"k:3"})");
  EXPECT_EQ(std::string("a\xff" "b"), r.body);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ("no stream", r.parse_error);
  // Every length of padding.
  for (std::string bytes : {std::string(""), std::string("\xff"), std::string("\xfe\xff"),
                            std::string("\x00\xff\x80", 3), std::string("\xc3\x28\x01\x02")}) {
    Record in;
    in.time = "t";
    in.body = bytes;
    EXPECT_EQ(bytes, Decode(Encode(in)).body);
  }
}

TEST(Record, EncodingRoundTrips) {
  Record r;
  r.time = "2026-11-25T05:40:45.000000001Z";
  r.body = std::string("line with \"quotes\", \\ \n and \x01 and \xe2\x82\xac and \xff", 44);
  r.truncated = true;
  r.parse_error = "unknown runtime log format";
  r.fields = {{"log.file.path", "/var/log/a\"b.log", true}, {"host.name", "n", true}, {"k8s.pod.name", "p", true},
              {"count", "12", false}};
  r.has_cursor = true;
  r.cursor = {"a:b\"c\\d/stdout", 1234567};
  std::string line = Encode(r);
  EXPECT_EQ('\n', line.back());
  EXPECT_EQ(line.size() - 1, line.find('\n'));  // one line: the newline in the body is escaped
  nlohmann::json j = nlohmann::json::parse(line);  // strict: throws on anything but JSON
  EXPECT_EQ("a:b\"c\\d/stdout:1234567", j["lc.cursor"]);
  EXPECT_TRUE(j.contains("lc.body_base64"));
  Record back = Decode(std::string_view(line).substr(0, line.size() - 1));
  EXPECT_EQ(r.time, back.time);
  EXPECT_EQ(r.body, back.body);
  EXPECT_EQ(r.truncated, back.truncated);
  EXPECT_EQ(r.parse_error, back.parse_error);
  EXPECT_EQ(r.fields, back.fields);
  EXPECT_EQ(r.cursor, back.cursor);
  EXPECT_EQ(line, Encode(back));
  // A record without a cursor (not every producer has one).
  Record bare;
  bare.time = "t";
  bare.body = "b";
  EXPECT_EQ("{\"time\":\"t\",\"body\":\"b\"}\n", Encode(bare));
  EXPECT_FALSE(Decode("{\"time\":\"t\",\"body\":\"b\"}").has_cursor);
}

TEST(Record, MalformedRecordsAreInvalidArgumentSayingWhy) {
  struct Case {
    const char* line;
    const char* why;
  };
  for (Case k : {Case{"", "not a JSON object"}, Case{"plain text", "not a JSON object"},
                 Case{R"(["time"])", "not a JSON object"}, Case{R"({"time":"t","body":"b")", "not a JSON object"},
                 Case{"{\"time\":\"t\",\"body\":\"\xff\"}", "not a JSON object"},
                 Case{R"({"body":"b"})", "without a \"time\""}, Case{R"({"time":"t"})", "without a \"body\""},
                 Case{R"({"time":1,"body":"b"})", "\"time\" is not a string"},
                 Case{R"({"time":"t","body":null})", "\"body\" is not a string"},
                 Case{R"({"time":"t","body":"b","lc.truncated":"yes"})", "\"lc.truncated\" is not true or false"},
                 Case{R"({"time":"t","body":"b","lc.body_base64":"YW=J"})", "not standard base64"},
                 Case{R"({"time":"t","body":"b","lc.body_base64":"YWJ"})", "not standard base64"},
                 Case{R"({"time":"t","body":"b","lc.body_base64":"YR=="})", "not standard base64"},
                 Case{R"({"time":"t","body":"b","lc.cursor":7})", "\"lc.cursor\" is not a string"},
                 Case{R"({"time":"t","body":"b","lc.cursor":"k:x"})", "\"lc.cursor\": cursor 'k:x'"},
                 Case{R"({"time":"t","body":"b","lc.cursor":"nocolon"})", "no ':'"}}) {
    Record r;
    Status s = DecodeRecord(k.line, &r);
    EXPECT_TRUE(s.IsInvalidArgument()) << k.line;
    EXPECT_NE(std::string::npos, s.message().find(k.why)) << k.line << ": " << s.message();
  }
}

}  // namespace lc
