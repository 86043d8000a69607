#include "common/parse/delimiter_line_parser.h"

#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(DelimiterLineParserTest, QuotedColumnsDoubledQuotesAndTheDelimiterInsideQuotes) {
  DelimiterLineParser p(',', '"', {"a", "b", "c", "d"});
  FieldWriter w;
  std::string why;
  ASSERT_TRUE(p.Parse("1,\"x, \"\"y\"\"\",,\"\"\r", &w, &why)) << why;
  EXPECT_EQ(",\"a\":\"1\",\"b\":\"x, \\\"y\\\"\",\"c\":\"\",\"d\":\"\"", std::string(w.fragment()));
}

TEST(DelimiterLineParserTest, OtherDelimiterAndQuote) {
  DelimiterLineParser p('|', '\'', {"k", "v"});
  FieldWriter w;
  std::string why;
  ASSERT_TRUE(p.Parse("x|'a|b'", &w, &why)) << why;
  EXPECT_EQ(",\"k\":\"x\",\"v\":\"a|b\"", std::string(w.fragment()));
}

TEST(DelimiterLineParserTest, HostileLinesAreParseErrors) {
  DelimiterLineParser p(',', '"', {"a", "b"});
  FieldWriter w;
  std::string why;
  EXPECT_FALSE(p.Parse("1,\"open", &w, &why));
  EXPECT_EQ("delimiter: unterminated quote in column 2", why);
  EXPECT_FALSE(p.Parse("1,2,3", &w, &why));
  EXPECT_EQ("delimiter: more than 2 columns", why);
  EXPECT_FALSE(p.Parse("", &w, &why));
  EXPECT_EQ("delimiter: 1 columns, --fields names 2", why);
  EXPECT_FALSE(p.Parse("\"a\"x,b", &w, &why));
  EXPECT_EQ("delimiter: text after the closing quote in column 1", why);
}

TEST(DelimiterLineParserTest, AMebibyteColumn) {
  DelimiterLineParser p(',', '"', {"a", "b"});
  FieldWriter w;
  std::string why, big(1 << 20, 'z');
  ASSERT_TRUE(p.Parse("1,\"" + big + "\"", &w, &why));
  EXPECT_EQ(big.size() + 15, w.fragment().size());  // ,"a":"1","b":"<big>"
}

}  // namespace
}  // namespace lc
