#include "common/parse/logfmt_line_parser.h"

#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(LogfmtLineParserTest, PairsQuotedValuesAndBareKeys) {
  LogfmtLineParser p;
  FieldWriter w;
  std::string why;
  ASSERT_TRUE(p.Parse("level=info msg=\"hello \\\"you\\\" a=b\"  dur=1.5ms debug empty=", &w, &why)) << why;
  EXPECT_EQ(",\"level\":\"info\",\"msg\":\"hello \\\"you\\\" a=b\",\"dur\":\"1.5ms\",\"debug\":\"\",\"empty\":\"\"",
            std::string(w.fragment()));
}

TEST(LogfmtLineParserTest, HostileLinesAreParseErrors) {
  LogfmtLineParser p;
  FieldWriter w;
  std::string why;
  EXPECT_FALSE(p.Parse("", &w, &why));
  EXPECT_EQ("logfmt: no key=value pair", why);
  EXPECT_FALSE(p.Parse("a=\"never closed", &w, &why));
  EXPECT_EQ("logfmt: unterminated quote after a=", why);
  EXPECT_FALSE(p.Parse("a=1 =2", &w, &why));
  EXPECT_EQ("logfmt: a value without a key at byte 4", why);
}

TEST(LogfmtLineParserTest, InvalidUtf8IsKeptLossy) {
  LogfmtLineParser p;
  FieldWriter w;
  std::string why;
  ASSERT_TRUE(p.Parse("k=\xff", &w, &why));
  EXPECT_TRUE(w.lossy());  // the shaper then keeps the exact line in body
}

}  // namespace
}  // namespace lc
