#include "common/parse/line_parser.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

Status Make(ParserOptions o) {
  std::unique_ptr<LineParser> p;
  return MakeLineParser(o, &p);
}

TEST(LineParserTest, NoneHasNoParser) {
  std::unique_ptr<LineParser> p;
  ASSERT_TRUE(MakeLineParser(ParserOptions(), &p).ok());
  EXPECT_EQ(nullptr, p);
}

TEST(LineParserTest, BadSettingsNameTheFlag) {
  ParserOptions o;
  o.parser = "yaml";
  EXPECT_NE(std::string::npos, Make(o).message().find("--parser: unknown mode 'yaml'"));
  o.parser = "regex";
  EXPECT_EQ("--parser regex needs --regex PATTERN", Make(o).message());
  o.regex = "(?<a>x";
  EXPECT_NE(std::string::npos, Make(o).message().find("regex '(?<a>x' does not compile at offset 6"));
  o.regex = "x+";
  EXPECT_NE(std::string::npos, Make(o).message().find("has no named group"));
  o.parser = "delimiter";
  EXPECT_EQ("--parser delimiter needs --fields a,b,c", Make(o).message());
  o.fields = {"a"};
  o.quote = ',';
  EXPECT_TRUE(Make(o).IsInvalidArgument());
}

}  // namespace
}  // namespace lc
