#include "common/json_escape.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

std::string Esc(const std::string& in, bool* valid = nullptr) {
  std::string out;
  bool v = AppendJsonEscaped(&out, in.data(), in.size());
  if (valid) *valid = v;
  return out;
}

TEST(JsonEscape, PlainAsciiIsCopied) {
  std::string s(100, 'a');
  EXPECT_EQ(s, Esc(s));
}

TEST(JsonEscape, QuotesBackslashesAndControls) {
  EXPECT_EQ("a\\\"b\\\\c\\nd\\te\\u0001", Esc("a\"b\\c\nd\te\x01"));
}

TEST(JsonEscape, NulBytesAreEscapedNotDropped) {
  EXPECT_EQ("a\\u0000b", Esc(std::string("a\0b", 3)));
}

TEST(JsonEscape, ValidUtf8IsKeptAcrossTheSimdBoundary) {
  std::string s = std::string(15, 'x') + "\xC3\xA9" + std::string(20, 'y') + "\xF0\x9F\x98\x80";
  bool valid;
  EXPECT_EQ(s, Esc(s, &valid));
  EXPECT_TRUE(valid);
}

TEST(JsonEscape, InvalidUtf8BecomesReplacementAndIsReported) {
  bool valid;
  EXPECT_EQ("a\xEF\xBF\xBD" "b", Esc("a\xFF" "b", &valid));
  EXPECT_FALSE(valid);
  EXPECT_EQ("\xEF\xBF\xBD", Esc("\xC3", &valid));  // truncated sequence
  EXPECT_FALSE(valid);
  EXPECT_EQ("\xEF\xBF\xBD\xEF\xBF\xBD", Esc("\xC0\xAF", &valid));  // overlong '/'
  EXPECT_FALSE(valid);
  EXPECT_EQ("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", Esc("\xED\xA0\x80", &valid));  // surrogate
}

TEST(JsonEscape, Base64) {
  std::string out;
  AppendBase64(&out, "\xFF\x00\x01", 3);
  EXPECT_EQ("/wAB", out);
  out.clear();
  AppendBase64(&out, "ab", 2);
  EXPECT_EQ("YWI=", out);
}

}  // namespace
}  // namespace lc
