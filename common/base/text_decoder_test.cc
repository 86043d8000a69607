#include "common/base/text_decoder.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

std::unique_ptr<TextDecoder> Open(const std::string& name) {
  std::unique_ptr<TextDecoder> d;
  EXPECT_TRUE(TextDecoder::Open(name, &d).ok()) << name;
  return d;
}

std::string All(TextDecoder* d, const std::string& in) {
  std::string out;
  EXPECT_EQ(in.size(), d->Decode(in.data(), in.size(), true, &out));
  return out;
}

TEST(TextDecoderTest, Utf8IsNoDecoder) {
  EXPECT_TRUE(TextDecoder::IsUtf8("utf-8"));
  EXPECT_TRUE(TextDecoder::IsUtf8("UTF8"));
  EXPECT_FALSE(TextDecoder::IsUtf8("gbk"));
}

TEST(TextDecoderTest, UnknownNameIsInvalidArgument) {
  std::unique_ptr<TextDecoder> d;
  Status s = TextDecoder::Open("foo", &d);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ("unknown encoding \"foo\"", s.message());
  EXPECT_TRUE(TextDecoder::Open("", &d).IsInvalidArgument());
}

TEST(TextDecoderTest, GbkAndGb18030) {
  auto gbk = Open("gbk");
  EXPECT_EQ("\n", gbk->newline());
  EXPECT_EQ("你好 a\\b", All(gbk.get(), "\xC4\xE3\xBA\xC3 a\\b"));
  // 0x5C as a trail byte ("乗" is 81 5C): not a backslash.
  EXPECT_EQ("乗", All(gbk.get(), "\x81\x5C"));
  auto gb18030 = Open("GB18030");
  // A four-byte sequence: U+20AC is A2 E3; U+00A5 (¥) is 81 30 84 36.
  EXPECT_EQ("¥€", All(gb18030.get(), "\x81\x30\x84\x36\xA2\xE3"));
}

TEST(TextDecoderTest, Utf16WithAndWithoutBom) {
  auto le = Open("utf-16le");
  EXPECT_EQ(std::string("\n\0", 2), le->newline());
  EXPECT_EQ(2u, le->Bom("\xFF\xFE", 2));
  EXPECT_EQ(0u, le->Bom("h\0", 2));
  EXPECT_EQ("hé", All(le.get(), std::string("h\0\xE9\0", 4)));
  auto be = Open("UTF-16BE");
  EXPECT_EQ(std::string("\0\n", 2), be->newline());
  EXPECT_EQ(2u, be->Bom("\xFE\xFF", 2));
  EXPECT_EQ("hé", All(be.get(), std::string("\0h\0\xE9", 4)));
  // "utf-16": little-endian unless a BOM says big.
  auto any = Open("utf-16");
  EXPECT_EQ(0u, any->Bom("h\0", 2));
  EXPECT_EQ("h", All(any.get(), std::string("h\0", 2)));
  EXPECT_EQ(2u, any->Bom("\xFE\xFF", 2));
  EXPECT_EQ(std::string("\0\n", 2), any->newline());
  EXPECT_EQ("h", All(any.get(), std::string("\0h", 2)));
  // A surrogate pair: U+1F600.
  EXPECT_EQ("\xF0\x9F\x98\x80", All(le.get(), std::string("\x3D\xD8\x00\xDE", 4)));
}

TEST(TextDecoderTest, ACutCharacterWaitsUnlessFinal) {
  auto gbk = Open("gbk");
  std::string out;
  EXPECT_EQ(1u, gbk->Decode("a\xC4", 2, false, &out));
  EXPECT_EQ("a", out);
  out.clear();
  EXPECT_EQ(2u, gbk->Decode("a\xC4", 2, true, &out));
  EXPECT_EQ("a\xEF\xBF\xBD", out);
  auto le = Open("utf-16le");
  out.clear();
  EXPECT_EQ(2u, le->Decode("a\0\x3D\xD8", 4, false, &out));  // a lone high surrogate at the end
  EXPECT_EQ("a", out);
}

TEST(TextDecoderTest, InvalidBytesAreOneReplacementEach) {
  auto gbk = Open("gbk");
  // (glibc's GBK takes 0x80 for the euro sign; 0xFF is never valid.)
  EXPECT_EQ("a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c", All(gbk.get(), "a\xFF" "b\xFF\xFF" "c"));
  auto le = Open("utf-16le");
  // A lone low surrogate: one unit, one U+FFFD.
  EXPECT_EQ("a\xEF\xBF\xBD" "b", All(le.get(), std::string("a\0\x00\xDC" "b\0", 6)));
}

TEST(TextDecoderTest, AMegabyteLine) {
  auto gbk = Open("gbk");
  std::string in;
  for (int i = 0; i < (1 << 19); i++) in += "\xC4\xE3";
  std::string out = All(gbk.get(), in);
  ASSERT_EQ(3u << 19, out.size());
  EXPECT_EQ("你", out.substr(out.size() - 3));
}

TEST(TextDecoderTest, WideNames) {
  EXPECT_TRUE(TextDecoder::IsWide("UTF-16"));
  EXPECT_TRUE(TextDecoder::IsWide("utf_16le"));
  EXPECT_FALSE(TextDecoder::IsWide("gbk"));
}

}  // namespace
}  // namespace lc
