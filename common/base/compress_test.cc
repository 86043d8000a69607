#include "common/base/compress.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

namespace lc {
namespace {

TEST(CompressBody, GzipAndZstdRoundTripAndOthersAreRefused) {
  std::string in(100000, 'x');
  for (size_t i = 0; i < in.size(); i += 7) in[i] = static_cast<char>('a' + i % 26);
  std::string gz, zs;
  ASSERT_TRUE(CompressBody("gzip", in, &gz).ok());
  ASSERT_EQ('\x1f', gz[0]);  // gzip magic, not raw deflate
  std::string back(in.size(), '\0');
  z_stream z = {};
  inflateInit2(&z, 15 + 16);
  z.next_in = reinterpret_cast<Bytef*>(gz.data());
  z.avail_in = gz.size();
  z.next_out = reinterpret_cast<Bytef*>(back.data());
  z.avail_out = back.size();
  EXPECT_EQ(Z_STREAM_END, inflate(&z, Z_FINISH));
  inflateEnd(&z);
  EXPECT_EQ(in, back);
  ASSERT_TRUE(CompressBody("zstd", in, &zs).ok());
  std::string back2(in.size(), '\0');
  EXPECT_EQ(in.size(), ZSTD_decompress(back2.data(), back2.size(), zs.data(), zs.size()));
  EXPECT_EQ(in, back2);
  EXPECT_TRUE(CompressBody("br", in, &gz).IsInvalidArgument());
}

}  // namespace
}  // namespace lc
