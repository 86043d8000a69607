#include "common/json/json_escape.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
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

// A strict JSON string decoder, written from RFC 8259 and RFC 3629 alone so
// that it shares nothing with the escaper: the inside of a string (no
// quotes) is decoded into *out, or false is returned for anything a strict
// parser refuses (a raw byte below 0x20, a raw '"', a bad escape, a lone
// surrogate, invalid UTF-8).  jq 1.6 accepts raw control bytes, so a check
// through jq cannot see a 0x1f left unescaped; this one can.
bool StrictJsonStringDecode(const std::string& in, std::string* out, std::string* why) {
  auto put_utf8 = [out](uint32_t cp) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  auto hex4 = [&in](size_t at, uint32_t* v) {
    if (at + 4 > in.size()) return false;
    *v = 0;
    for (size_t k = at; k < at + 4; k++) {
      char c = in[k];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      *v = *v * 16 + static_cast<uint32_t>(d);
    }
    return true;
  };
  out->clear();
  char b[64];
  for (size_t i = 0; i < in.size();) {
    unsigned char c = in[i];
    snprintf(b, sizeof b, "byte 0x%02x at %zu", c, i);
    if (c < 0x20) return *why = std::string("raw control ") + b, false;
    if (c == '"') return *why = std::string("raw quote ") + b, false;
    if (c == '\\') {
      if (i + 1 >= in.size()) return *why = "lone backslash at the end", false;
      char e = in[i + 1];
      const char* simple = strchr("\"\\/bfnrt", e);
      if (e != 0 && simple != nullptr) {
        static const char kTo[] = "\"\\/\b\f\n\r\t";
        *out += kTo[simple - "\"\\/bfnrt"];
        i += 2;
        continue;
      }
      uint32_t cp;
      if (e != 'u' || !hex4(i + 2, &cp)) return *why = std::string("bad escape ") + b, false;
      i += 6;
      if (cp >= 0xDC00 && cp < 0xE000) return *why = "lone low surrogate", false;
      if (cp >= 0xD800 && cp < 0xDC00) {
        uint32_t lo;
        if (i + 1 >= in.size() || in[i] != '\\' || in[i + 1] != 'u' || !hex4(i + 2, &lo) || lo < 0xDC00 ||
            lo >= 0xE000) {
          return *why = "lone high surrogate", false;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 6;
      }
      put_utf8(cp);
      continue;
    }
    // Raw UTF-8 (RFC 3629 table): the shortest form only, no surrogates, <= U+10FFFF.
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > in.size()) return *why = std::string("invalid UTF-8 ") + b, false;
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; k++) {
      unsigned char t = in[i + k];
      if ((t & 0xC0) != 0x80) return *why = std::string("invalid UTF-8 ") + b, false;
      cp = (cp << 6) | (t & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) {
      return *why = std::string("invalid UTF-8 ") + b, false;
    }
    out->append(in, i, len);
    i += len;
  }
  return true;
}

TEST(JsonEscape, TheStrictDecoderRefusesWhatAStrictParserRefuses) {
  std::string out, why;
  EXPECT_TRUE(StrictJsonStringDecode("a\\u001fb\\ud83d\\ude00\\/", &out, &why)) << why;
  EXPECT_EQ("a\x1f" "b\xF0\x9F\x98\x80/", out);
  for (const char* bad : {"a\x1f", "\x7f\x01", "\"", "\\", "\\x", "\\u12", "\\ud83d", "\\ude00", "\xFF", "\xC0\xAF",
                          "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    EXPECT_FALSE(StrictJsonStringDecode(bad, &out, &why)) << bad;
  }
  EXPECT_TRUE(StrictJsonStringDecode("\x7f", &out, &why));  // DEL needs no escape in JSON
}

// Every byte 0x00-0xff, uniformly, in random strings: what the escaper
// writes is a string a strict parser accepts and, when it reports no
// replacement, one that decodes back to exactly the input.  Replaced input
// decodes to the input with each invalid byte as U+FFFD, so a line with
// invalid UTF-8 still gives its valid parts back unchanged.
TEST(JsonEscape, EveryByteGivesStrictJsonThatDecodesBackToTheInput) {
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&seed] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  // Each byte alone first, so none depends on the draw.
  for (int c = 0; c < 256; c++) {
    std::string in(1, static_cast<char>(c)), out, why;
    std::string esc = Esc(in);
    ASSERT_TRUE(StrictJsonStringDecode(esc, &out, &why)) << "byte " << c << ": " << why;
    EXPECT_EQ(c < 0x80 ? in : "\xEF\xBF\xBD", out) << "byte " << c;
  }
  int valid_count = 0;
  for (size_t len : {1, 2, 3, 7, 15, 16, 17, 32, 33, 64, 255, 4096, 4097}) {
    for (int round = 0; round < 200; round++) {
      std::string in;
      for (size_t i = 0; i < len; i++) {
        uint64_t r = next();
        // Half uniform bytes; half from the bytes that matter most, and
        // valid multi-byte sequences so that valid inputs are drawn too.
        if ((r & 1) && round % 2 == 0) {  // odd rounds: valid input only
          in += static_cast<char>(r >> 8);
        } else {
          static const char* const kPieces[] = {"\x1f", "\x7f", "\b", "\f", "\x00", "\"", "\\", "/",
                                                "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF",
                                                "\xF4\x8F\xBF\xBF", "a", "\x1e", "\x20"};
          const char* piece = kPieces[(r >> 8) % (sizeof kPieces / sizeof kPieces[0])];
          in.append(piece, piece[0] == 0 ? 1 : strlen(piece));
        }
      }
      bool valid = false;
      std::string esc = Esc(in, &valid), out, why;
      ASSERT_TRUE(StrictJsonStringDecode(esc, &out, &why)) << why << " in escaped form of len " << in.size();
      if (valid) {
        valid_count++;
        ASSERT_TRUE(in == out) << "valid input of " << in.size() << " bytes decodes differently";
      } else {
        bool ref_valid;
        std::string want = Reference(in, &ref_valid);
        size_t at = 0;
        while (at < want.size() && at < esc.size() && want[at] == esc[at]) at++;
        ASSERT_EQ(want.size(), at) << "differs from the reference at byte " << at << " of " << want.size();
        ASSERT_EQ(esc.size(), at);
      }
      // The pointer form writes the same bytes.
      std::vector<char> room(kJsonEscapeExpansion * in.size() + 1);
      bool v = true;
      ASSERT_EQ(esc, std::string(room.data(), EscapeJson(room.data(), in.data(), in.size(), &v)));
    }
  }
  EXPECT_GE(valid_count, 13 * 100);  // the round trip was checked, not just validity
}

TEST(JsonEscape, AUtf8SequenceAcrossTheStringFormsChunkBoundaryIsKept) {
  for (size_t at = 4093; at <= 4096; at++) {
    std::string s = std::string(at, 'a') + "\xF0\x9F\x98\x80" + "z";
    bool valid;
    EXPECT_EQ(s, Esc(s, &valid)) << at;
    EXPECT_TRUE(valid);
  }
}

// Found by the every-byte test: the string form cut its input into 4096-byte
// chunks by stepping back over continuation bytes, so a valid sequence just
// before the cut, followed by a stray continuation byte, was cut in two and
// became U+FFFDs (the pointer form, escaping the whole, kept it).
TEST(JsonEscape, AStrayContinuationByteAfterASequenceAtTheChunkBoundaryKeepsTheSequence) {
  for (size_t at = 4089; at <= 4096; at++) {
    std::string in = std::string(at, 'a') + "\xF0\x9F\x98\x80" + "\x80\x80" + "z";
    bool valid = true;
    std::string want = std::string(at, 'a') + "\xF0\x9F\x98\x80" + "\xEF\xBF\xBD\xEF\xBF\xBD" + "z";
    EXPECT_EQ(want, Esc(in, &valid)) << at;
    EXPECT_FALSE(valid);
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
