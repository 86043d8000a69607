#include "common/tail/source_decoder.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lc {
namespace {

struct Got {
  std::string line;
  int64_t end;
  bool truncated;
  bool operator==(const Got& o) const { return line == o.line && end == o.end && truncated == o.truncated; }
};
std::ostream& operator<<(std::ostream& os, const Got& g) {
  return os << "{\"" << g.line << "\", " << g.end << (g.truncated ? ", cut}" : "}");
}

SourceDecoder Make(const std::string& enc, size_t max = 1 << 20) {
  std::unique_ptr<TextDecoder> d;
  EXPECT_TRUE(TextDecoder::Open(enc, &d).ok());
  return SourceDecoder(std::move(d), max);
}

std::vector<Got> Feed(SourceDecoder* s, const std::vector<std::string>& chunks, bool flush = false) {
  std::vector<Got> out;
  auto emit = [&](const char* p, size_t n, int64_t end, bool t) { out.push_back({std::string(p, n), end, t}); };
  for (const std::string& c : chunks) s->Feed(c.data(), c.size(), emit);
  if (flush) s->FlushPartial(emit);
  return out;
}

std::string Le(const std::string& ascii) {
  std::string s;
  for (char c : ascii) s += std::string(1, c) + '\0';
  return s;
}

TEST(SourceDecoderTest, GbkLinesEndAtSourceOffsets) {
  SourceDecoder s = Make("gbk");
  // 你好 is C4 E3 BA C3; 乗 is 81 5C (a trail byte that is '\\' in ASCII).
  auto got = Feed(&s, {"\xC4\xE3\xBA\xC3\nx\x81\x5C\n"});
  EXPECT_EQ((std::vector<Got>{{"你好", 5, false}, {"x乗", 9, false}}), got);
  EXPECT_EQ(9, s.safe_offset());
  EXPECT_EQ(9, s.next_offset());
}

TEST(SourceDecoderTest, ACharacterSplitAcrossReadsWaits) {
  SourceDecoder s = Make("gbk");
  auto got = Feed(&s, {"a\xC4"});
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(0, s.safe_offset());
  EXPECT_EQ(2, s.next_offset());
  got = Feed(&s, {"\xE3\n"});
  EXPECT_EQ((std::vector<Got>{{"a你", 4, false}}), got);
  EXPECT_EQ(4, s.safe_offset());
}

TEST(SourceDecoderTest, Utf16LeWithBomNewlineIsAUnitAtItsAlignment) {
  SourceDecoder s = Make("utf-16le");
  // U+0A0A ("ਊ", 0A 0A) then U+4E00 ("一", 00 4E) hold the bytes 0A 00
  // off the units' alignment: no newline.  The unit "\n\0" may straddle
  // two reads.
  std::string text = "\xFF\xFE" + Le("ab") + std::string("\x0A\x0A\x00\x4E", 4) + Le("\n") + Le("c\n");
  auto got = Feed(&s, {text.substr(0, 11), text.substr(11)});
  EXPECT_EQ((std::vector<Got>{{"abਊ一", 12, false}, {"c", 16, false}}), got);
}

TEST(SourceDecoderTest, Utf16LeWithoutBom) {
  SourceDecoder s = Make("utf-16le");
  auto got = Feed(&s, {Le("x\ny\n")});
  EXPECT_EQ((std::vector<Got>{{"x", 4, false}, {"y", 8, false}}), got);
}

TEST(SourceDecoderTest, Utf16BeBomPicksTheOrder) {
  SourceDecoder s = Make("utf-16");
  std::string be = std::string("\xFE\xFF\0h\0\n\0i\0\n", 10);
  auto got = Feed(&s, {be.substr(0, 1), be.substr(1)});  // the BOM itself cut by a read
  EXPECT_EQ((std::vector<Got>{{"h", 6, false}, {"i", 10, false}}), got);
  // Resumed after the BOM: the file's head gives the order.
  SourceDecoder r = Make("utf-16");
  r.Reset(6);
  r.Head(be.data(), 4);
  EXPECT_EQ((std::vector<Got>{{"i", 10, false}}), Feed(&r, {be.substr(6)}));
}

TEST(SourceDecoderTest, Utf16BeWithoutBom) {
  SourceDecoder s = Make("utf-16be");
  auto got = Feed(&s, {std::string("\0h\0\n", 4)});
  EXPECT_EQ((std::vector<Got>{{"h", 4, false}}), got);
}

TEST(SourceDecoderTest, InvalidBytesAreReplacedAndTheLineEmitted) {
  SourceDecoder s = Make("gbk");
  auto got = Feed(&s, {"a\xFF\nb\xC4\n"});
  EXPECT_EQ((std::vector<Got>{{"a\xEF\xBF\xBD", 3, false}, {"b\xEF\xBF\xBD", 6, false}}), got);
}

TEST(SourceDecoderTest, FlushPartialDecodesWhatIsHeld) {
  SourceDecoder s = Make("gbk");
  auto got = Feed(&s, {"ok\n\xC4\xE3\xBA"}, /*flush=*/true);
  EXPECT_EQ((std::vector<Got>{{"ok", 3, false}, {"你\xEF\xBF\xBD", 6, false}}), got);
  EXPECT_EQ(6, s.safe_offset());
}

TEST(SourceDecoderTest, LongLinesAreCutAtCharacterBoundaries) {
  SourceDecoder s = Make("gbk", 9);  // 8 source bytes a piece (whole units of 4)
  auto got = Feed(&s, {"a\xC4\xE3\xC4\xE3\xC4\xE3\xC4\xE3\xC4\xE3\n"});
  // "a" + 3 characters is 7 bytes: the 4th would pass 8.
  EXPECT_EQ((std::vector<Got>{{"a你你你", 7, true}, {"你你", 12, true}}), got);
}

TEST(SourceDecoderTest, AMegabyteLine) {
  SourceDecoder s = Make("gbk");
  std::string line;
  for (int i = 0; i < (1 << 19) - 1; i++) line += "\xC4\xE3";
  auto got = Feed(&s, {line.substr(0, 300001), line.substr(300001) + "\n"});
  ASSERT_EQ(1u, got.size());
  EXPECT_EQ(3u * ((1 << 19) - 1), got[0].line.size());
  EXPECT_EQ(static_cast<int64_t>(line.size() + 1), got[0].end);
  EXPECT_FALSE(got[0].truncated);
}

TEST(SourceDecoderTest, PartialLinesOfManyFilesShareOneBudget) {
  // Two GBK files write long lines without a newline, fed in turns: what
  // the budget does not leave them goes out in truncated pieces cut between
  // characters, nothing lost, and the bytes held stay near the bound.
  const size_t k = ByteBudget::kFloor;
  auto budget = std::make_shared<ByteBudget>(3 * k);
  std::unique_ptr<TextDecoder> dx, dy;
  ASSERT_TRUE(TextDecoder::Open("gbk", &dx).ok());
  ASSERT_TRUE(TextDecoder::Open("gbk", &dy).ok());
  SourceDecoder x(std::move(dx), 1 << 20, budget), y(std::move(dy), 1 << 20, budget);
  std::string ni;  // 你 (2 source bytes, 3 in UTF-8) ...
  for (size_t i = 0; i < 5 * k; i++) ni += "\xC4\xE3";
  std::vector<Got> gx, gy;
  auto to = [](std::vector<Got>* v) {
    return [v](const char* p, size_t n, int64_t end, bool t) { v->push_back({std::string(p, n), end, t}); };
  };
  for (size_t at = 0; at < ni.size(); at += 3001) {  // odd chunks: characters cut by reads
    std::string c = ni.substr(at, 3001);
    x.Feed(c.data(), c.size(), to(&gx));
    y.Feed(c.data(), c.size(), to(&gy));
    ASSERT_LE(budget->used(), budget->limit() + 2 * k);  // limit + N * kFloor
  }
  ASSERT_GT(budget->used(), 0u);
  x.Feed("\n", 1, to(&gx));
  y.Feed("\n", 1, to(&gy));
  EXPECT_EQ(0u, budget->used());  // every line ended
  for (const auto* g : {&gx, &gy}) {
    ASSERT_GT(g->size(), 2u);  // cut by the budget, not by max_line_bytes (1 MiB)
    std::string all;
    for (const Got& piece : *g) {
      EXPECT_TRUE(piece.truncated);  // pieces of a cut line, the last too
      EXPECT_EQ(0u, piece.line.size() % 3) << "a piece cut inside a character";
      all += piece.line;
    }
    EXPECT_EQ(3 * 5 * k, all.size());
    EXPECT_EQ(static_cast<int64_t>(ni.size() + 1), g->back().end);
  }
}

TEST(SourceDecoderTest, EncodingOfAWatch) {
  EXPECT_EQ("gbk", SourceEncoding("{\"type\":\"none\",\"encoding\":\"gbk\"}", "latin1"));
  EXPECT_EQ("latin1", SourceEncoding("{\"type\":\"json\"}", "latin1"));
  EXPECT_EQ("", SourceEncoding("", ""));
}

}  // namespace
}  // namespace lc
