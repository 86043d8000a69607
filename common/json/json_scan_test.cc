#include "common/json/json_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace lc {
namespace {

// Runs CopyJsonRun over `in` into a buffer with the room it is promised,
// and returns what it copied and where it stopped.
template <bool kEscaping>
std::pair<std::string, size_t> CopyRun(const std::string& in) {
  std::string out(2 * in.size() + 16, '#');  // escaping doubles quotes
  char* d = &out[0];
  size_t stop = CopyJsonRun<kEscaping>(in.data(), 0, in.size(), &d);
  return {out.substr(0, static_cast<size_t>(d - out.data())), stop};
}

TEST(JsonScan, FindByteNotingPlainFindsTheStopAndThePlainPrefixBeforeIt) {
  // Every length to 70 (steps of 16, words of 8, the overlapping last word,
  // the bytewise tail), from a few bytes that stop, need escaping, or both.
  const char kBytes[] = {'a', ' ', ']', '"', '\\', '\n', '\x80', '\xe9', '~'};
  uint32_t seed = 1;
  for (size_t n = 0; n < 70; n++) {
    for (int round = 0; round < 60; round++) {
      std::string in;
      for (size_t k = 0; k < n; k++) {
        seed = seed * 1103515245 + 12345;
        // Mostly plain bytes, so that stops and specials land anywhere.
        size_t pick = (seed >> 16) % 40;
        in += pick < sizeof kBytes ? kBytes[pick] : 'b';
      }
      for (char stop : {']', '"', ' '}) {
        size_t want_at = in.find(stop), want_plain = 0;
        if (want_at == std::string::npos) want_at = n;
        while (want_plain < want_at) {
          unsigned char c = static_cast<unsigned char>(in[want_plain]);
          if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
          want_plain++;
        }
        size_t plain = 999;
        EXPECT_EQ(want_at, FindByteNotingPlain(in.data(), n, stop, &plain)) << in << " stop " << stop;
        EXPECT_EQ(want_plain, plain) << in << " stop " << stop;
      }
    }
  }
}

TEST(JsonScan, StopsAtTheFirstQuoteOrBackslashAtEveryPosition) {
  for (size_t at = 0; at < 40; at++) {
    for (char special : {'"', '\\'}) {
      std::string in = std::string(at, 'a') + special + std::string(20, 'b');
      auto [copied, stop] = CopyRun<false>(in);
      EXPECT_EQ(at, stop);
      EXPECT_EQ(std::string(at, 'a'), copied);
    }
  }
}

TEST(JsonScan, EscapingAlsoStopsAtControlAndHighBytesUnescapingDoesNot) {
  for (char c : {'\n', '\0', '\x1f', '\x80', '\xff'}) {
    std::string in = std::string(20, 'a') + c + "zz";
    EXPECT_EQ(20u, CopyRun<true>(in).second);
    EXPECT_EQ(in.size(), CopyRun<false>(in).second);
    EXPECT_EQ(in, CopyRun<false>(in).first);
  }
  EXPECT_EQ(4u, CopyRun<true>(std::string("a ~b")).second);  // ' ' and '~' are plain
}

TEST(JsonScan, EscapingWritesQuotesAndBackslashesEscapedAndGoesOn) {
  for (size_t at = 0; at < 40; at++) {
    std::string in = std::string(at, 'a') + "\"b\\" + std::string(at % 9, 'c') + '\n';
    auto [copied, stop] = CopyRun<true>(in);
    EXPECT_EQ(in.size() - 1, stop) << at;  // at the newline
    EXPECT_EQ(std::string(at, 'a') + "\\\"b\\\\" + std::string(at % 9, 'c'), copied) << at;
  }
}

TEST(JsonScan, NoStopCopiesEverything) {
  for (size_t n : {0, 1, 15, 16, 17, 33}) {
    std::string in(n, 'x');
    auto [copied, stop] = CopyRun<true>(in);
    EXPECT_EQ(n, stop);
    EXPECT_EQ(in, copied);
  }
}

TEST(JsonScan, PlainPrefixEndsAtTheFirstByteEscapingTouches) {
  for (size_t n = 0; n <= 40; n++) {
    std::string in(n, 'p');
    EXPECT_EQ(n, JsonPlainPrefix(in.data(), n));
    for (size_t at = 0; at < n; at++) {
      for (char c : {'"', '\\', '\n', '\0', '\x1f', '\x80', '\xc3', '\xff'}) {
        std::string v = in;
        v[at] = c;
        if (at + 1 < n) v[n - 1] = '"';  // a later stop does not count
        EXPECT_EQ(at, JsonPlainPrefix(v.data(), n)) << n << " " << at << " " << static_cast<int>(c);
      }
    }
  }
  EXPECT_EQ(4u, JsonPlainPrefix("a ~\x7f\x01", 5));  // ' ', '~' and DEL are plain
}

}  // namespace
}  // namespace lc
