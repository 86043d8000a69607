#include "common/json/json_unescape.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

// Unescapes `body` (the text after an opening quote); "" and 0 on failure.
std::string Un(const std::string& body, size_t* used = nullptr) {
  std::string out;
  size_t n = UnescapeJsonString(body.data(), body.size(), &out);
  if (used != nullptr) *used = n;
  return n == 0 ? std::string("<bad>") : out;
}

TEST(JsonUnescapeTest, SimpleEscapesAndTheIndexPastTheClosingQuote) {
  size_t used = 0;
  EXPECT_EQ("a\"b\\c/d\b\f\n\r\t", Un(R"(a\"b\\c\/d\b\f\n\r\t",rest)", &used));
  EXPECT_EQ(21u, used);
  EXPECT_EQ("", Un("\""));
}

TEST(JsonUnescapeTest, UnicodeEscapesSurrogatePairsAndLoneSurrogates) {
  EXPECT_EQ("\xc3\xa9", Un(R"(\u00e9")"));
  EXPECT_EQ("\xe2\x82\xac", Un(R"(\u20AC")"));
  EXPECT_EQ("\xf0\x9f\x98\x80", Un(R"(\ud83d\ude00")"));  // U+1F600
  EXPECT_EQ("\xef\xbf\xbd" "x", Un(R"(\ud83dx")"));       // lone high surrogate
  EXPECT_EQ("\xef\xbf\xbd", Un(R"(\ude00")"));            // lone low surrogate
  EXPECT_EQ(std::string("a\0b", 3), Un(R"(a\u0000b")"));
}

TEST(JsonUnescapeTest, UnterminatedOrBadEscapesAreRejected) {
  EXPECT_EQ("<bad>", Un("no closing quote"));
  EXPECT_EQ("<bad>", Un(R"(bad \x escape")"));
  EXPECT_EQ("<bad>", Un(R"(\u12")"));
  EXPECT_EQ("<bad>", Un(R"(\u12g4")"));
  EXPECT_EQ("<bad>", Un("ends in a backslash\\"));
}

TEST(JsonUnescapeTest, LongRunsFindTheQuoteAtEveryPosition) {
  for (size_t at = 0; at < 70; at++) {
    std::string body(at, 'x');
    body += "\"tail";
    size_t used = 0;
    EXPECT_EQ(std::string(at, 'x'), Un(body, &used)) << at;
    EXPECT_EQ(at + 1, used);
  }
  std::string raw = "\xff\xfe invalid UTF-8 is kept as written";
  EXPECT_EQ(raw, Un(raw + "\""));
}

TEST(JsonUnescapeTest, JsonUnescapeOfContentsFallsBackToTheTextOnABadEscape) {
  EXPECT_EQ("a\nb", JsonUnescape(R"(a\nb)"));
  EXPECT_EQ("plain", JsonUnescape("plain"));
  EXPECT_EQ(R"(bad \q)", JsonUnescape(R"(bad \q)"));
}

}  // namespace
}  // namespace lc
