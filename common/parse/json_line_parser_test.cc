#include "common/parse/json_line_parser.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {
namespace {

struct Result {
  bool ok;
  std::string why;
  nlohmann::json fields;
};

Result Parse(const std::string& line) {
  JsonLineParser p;
  FieldWriter w;
  Result r;
  r.ok = p.Parse(line, &w, &r.why);
  if (r.ok) r.fields = nlohmann::json::parse("{\"x\":0" + std::string(w.fragment()) + "}");
  return r;
}

TEST(JsonLineParserTest, TopLevelKeysBecomeFieldsWithTheirTypes) {
  Result r = Parse(R"({"level":"warn","n":-1.5e3,"ok":false,"v":null,"ctx":{"user":{"id":7}},"a":[1,"x"]})");
  ASSERT_TRUE(r.ok) << r.why;
  EXPECT_EQ("warn", r.fields["level"]);
  EXPECT_EQ(-1500.0, r.fields["n"]);
  EXPECT_EQ(false, r.fields["ok"]);
  EXPECT_TRUE(r.fields["v"].is_null());
  EXPECT_EQ(7, r.fields["ctx"]["user"]["id"]);
  EXPECT_EQ("x", r.fields["a"][1]);
}

TEST(JsonLineParserTest, NotAnObjectIsAParseError) {
  for (const char* line : {"", "   ", "[1,2]", "\"s\"", "42", "plain text"}) {
    Result r = Parse(line);
    EXPECT_FALSE(r.ok) << line;
    EXPECT_EQ("json: not an object", r.why) << line;
  }
}

TEST(JsonLineParserTest, MalformedObjectsAndNestedValuesAreParseErrors) {
  for (const char* line : {"{\"a\":1", "{\"a\":1} x", "{\"a\":\"unterminated}", "{\"a\":[1,}",
                           "{\"a\":{\"b\":}}", "{\"a\":01}", "{\"a\":1-2}", "{\"a\":[1,2}",
                           "{\"a\":\"\\q\"}", "{\"a\":tru}"}) {
    Result r = Parse(line);
    EXPECT_FALSE(r.ok) << line;
    EXPECT_EQ("json: malformed object", r.why) << line;
  }
}

TEST(JsonLineParserTest, InvalidUtf8IsAParseError) {
  Result r = Parse("{\"a\":\"\xc3\x28\"}");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ("json: not valid UTF-8", r.why);
  EXPECT_TRUE(ValidUtf8("\xe2\x82\xac\xf0\x9f\x98\x80", 7));
  EXPECT_FALSE(ValidUtf8("\xed\xa0\x80", 3));  // a surrogate
  EXPECT_FALSE(ValidUtf8("\xc0\xaf", 2));      // overlong
  EXPECT_FALSE(ValidUtf8("\xe2\x82", 2));      // cut short
}

TEST(JsonLineParserTest, AMebibyteValueAndDeepNesting) {
  std::string big(1 << 20, 'y');
  Result r = Parse("{\"big\":\"" + big + "\"}");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(big, r.fields["big"]);
  std::string deep = "{\"d\":" + std::string(1000, '[') + std::string(1000, ']') + "}";
  EXPECT_FALSE(Parse(deep).ok);  // past the depth bound: an error, not a stack overflow
  std::string ok = "{\"d\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_TRUE(Parse(ok).ok);
}

}  // namespace
}  // namespace lc
