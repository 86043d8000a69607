#include "common/json/json_escape.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

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

// The escaping a byte at a time, as the JSON and UTF-8 specs say, to check
// the fast paths against.
std::string Reference(const std::string& in, bool* valid) {
  std::string out;
  *valid = true;
  for (size_t i = 0; i < in.size();) {
    unsigned char c = in[i];
    size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c < 0xE0) ? 2 : (c >= 0xE0 && c < 0xF0) ? 3 : (c >= 0xF0 && c < 0xF5) ? 4 : 0;
    bool ok = len != 0 && i + len <= in.size();
    for (size_t k = 1; ok && k < len; k++) ok = (static_cast<unsigned char>(in[i + k]) & 0xC0) == 0x80;
    if (ok && len == 3) {
      unsigned char c1 = in[i + 1];
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      unsigned char c1 = in[i + 1];
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      *valid = false;
      i++;
      continue;
    }
    if (len > 1) {
      out.append(in, i, len);
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\f') {
      out += "\\f";
    } else if (c < 0x20) {
      char b[8];
      snprintf(b, sizeof b, "\\u%04x", c);
      out += b;
    } else {
      out += static_cast<char>(c);
    }
    i += len;
  }
  return out;
}

TEST(JsonEscape, MatchesAByteAtATimeReferenceOnRandomInput) {
  // Bytes drawn mostly from the ones that need attention, at every length
  // around the 16-byte stores and the 4096-byte chunks of the string form.
  const char kAlphabet[] = "ab\"\\\n\x01\x00\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xFF\xED\xA0";
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245 + 12345, (seed >> 16) & 0x7fff; };
  for (size_t len : {0, 1, 15, 16, 17, 31, 33, 100, 4095, 4096, 4097, 9000}) {
    for (int round = 0; round < 20; round++) {
      std::string in;
      for (size_t i = 0; i < len; i++) {
        in += next() % 3 == 0 ? 'x' : kAlphabet[next() % (sizeof kAlphabet - 1)];
      }
      bool want_valid, got_valid;
      std::string want = Reference(in, &want_valid);
      ASSERT_EQ(want, Esc(in, &got_valid)) << "len " << len << " round " << round;
      ASSERT_EQ(want_valid, got_valid);
      // The pointer form, with exactly the room it asks for.
      std::vector<char> room(kJsonEscapeExpansion * in.size() + 1, '#');
      bool v = true;
      char* end = EscapeJson(room.data(), in.data(), in.size(), &v);
      ASSERT_EQ(want, std::string(room.data(), end));
      ASSERT_EQ('#', room.back());  // nothing written past the room
    }
  }
}

TEST(JsonEscape, AUtf8SequenceAcrossTheStringFormsChunkBoundaryIsKept) {
  for (size_t at = 4093; at <= 4096; at++) {
    std::string s = std::string(at, 'a') + "\xF0\x9F\x98\x80" + "z";
    bool valid;
    EXPECT_EQ(s, Esc(s, &valid)) << at;
    EXPECT_TRUE(valid);
  }
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
