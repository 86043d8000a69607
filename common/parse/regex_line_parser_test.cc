#include "common/parse/regex_line_parser.h"

#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

std::unique_ptr<LineParser> Make(const std::string& pattern) {
  ParserOptions o;
  o.parser = "regex";
  o.regex = pattern;
  std::unique_ptr<LineParser> p;
  EXPECT_TRUE(MakeLineParser(o, &p).ok());
  return p;
}

TEST(RegexLineParserTest, NamedGroupsBecomeStringFields) {
  auto p = Make(R"re(^(?<ip>\S+) \S+ (?<user>\S+) \[(?<time>[^\]]+)\] "(?<request>[^"]*)" (?<status>\d+)(?: (?<bytes>\d+))?)re");
  FieldWriter w;
  std::string why;
  ASSERT_TRUE(p->Parse(R"(10.0.0.1 - bob [01/Dec/2026:10:00:00 +0000] "GET /a?b=\x HTTP/1.1" 404)", &w, &why)) << why;
  // "time" collides with the record's time: renamed; the absent group is absent.
  EXPECT_EQ(",\"ip\":\"10.0.0.1\",\"user\":\"bob\",\"_time\":\"01/Dec/2026:10:00:00 +0000\","
            "\"request\":\"GET /a?b=\\\\x HTTP/1.1\",\"status\":\"404\"",
            std::string(w.fragment()));
}

TEST(RegexLineParserTest, NoMatchAndTheMatchLimitAreParseErrors) {
  auto p = Make("^(?<a>a+)+$");
  FieldWriter w;
  std::string why;
  EXPECT_FALSE(p->Parse("", &w, &why));
  EXPECT_EQ("regex: the line does not match", why);
  EXPECT_FALSE(p->Parse(std::string(50, 'a') + "!", &w, &why));
  EXPECT_NE(std::string::npos, why.find("match limit")) << why;
}

}  // namespace
}  // namespace lc
