#include "common/base/decompress.h"

#include <gtest/gtest.h>

#include <string>

#include "common/base/compress.h"

namespace lc {
namespace {

std::string Lines(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; i++) s += "{\"body\":\"line " + std::to_string(i) + "\"}\n";
  return s;
}

TEST(DecompressTest, RoundTripsBothEncodingsAndConcatenations) {
  std::string in = Lines(300000), a, b, out, why;
  for (const char* enc : {"gzip", "zstd"}) {
    ASSERT_TRUE(CompressBody(enc, in, &a).ok());
    ASSERT_TRUE(CompressBody(enc, "tail\n", &b).ok());
    EXPECT_EQ(DecompressResult::kOk, DecompressBody(enc, a, 1 << 20, &out, &why)) << enc << why;
    EXPECT_EQ(in, out);
    EXPECT_EQ(DecompressResult::kOk, DecompressBody(enc, a + b, 1 << 20, &out, &why)) << enc << why;
    EXPECT_EQ(in + "tail\n", out);
  }
  EXPECT_EQ(DecompressResult::kOk, DecompressBody("", "plain", 5, &out, &why));
  EXPECT_EQ("plain", out);
}

TEST(DecompressTest, StopsAtTheBound) {
  std::string zeros(10 << 20, '\0'), z, out, why;
  for (const char* enc : {"gzip", "zstd"}) {
    ASSERT_TRUE(CompressBody(enc, zeros, &z).ok());
    EXPECT_LT(z.size(), 64u * 1024);
    EXPECT_EQ(DecompressResult::kTooLarge, DecompressBody(enc, z, 1 << 20, &out, &why)) << enc;
    EXPECT_LE(out.size(), (1u << 20) + 1);
    EXPECT_EQ(DecompressResult::kOk, DecompressBody(enc, z, 10 << 20, &out, &why)) << enc << why;
  }
  EXPECT_EQ(DecompressResult::kTooLarge, DecompressBody("identity", "123456", 5, &out, &why));
}

TEST(DecompressTest, CorruptCutShortAndUnknown) {
  std::string in = Lines(10000), z, out, why;
  for (const char* enc : {"gzip", "zstd"}) {
    ASSERT_TRUE(CompressBody(enc, in, &z).ok());
    EXPECT_EQ(DecompressResult::kCorrupt, DecompressBody(enc, z.substr(0, z.size() / 2), 1 << 20, &out, &why))
        << enc;
    EXPECT_EQ(DecompressResult::kCorrupt, DecompressBody(enc, "not compressed at all", 1 << 20, &out, &why)) << enc;
    EXPECT_EQ(DecompressResult::kCorrupt, DecompressBody(enc, z + "garbage", 1 << 20, &out, &why)) << enc;
  }
  EXPECT_EQ(DecompressResult::kUnknownEncoding, DecompressBody("br", "x", 10, &out, &why));
  EXPECT_EQ("unknown Content-Encoding 'br' (gzip, zstd)", why);
}

}  // namespace
}  // namespace lc
