#include "common/base/compress.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <memory>
#include <string>

namespace lc {
namespace {

std::string Text(size_t n, int salt) {
  std::string in;
  for (size_t i = 0; in.size() < n; i++) {
    in += "{\"body\":\"GET /api/v1/orders?page=" + std::to_string((i * 7 + salt) % 97) +
          " HTTP/1.1\",\"lc.cursor\":\"k:" + std::to_string(i) + "\"}\n";
  }
  return in;
}

// Every gzip member in `gz`, inflated by zlib (not by the library that made
// them) and concatenated; false on any error or trailing garbage.
bool Gunzip(const std::string& gz, std::string* out, int* members) {
  out->clear();
  *members = 0;
  size_t pos = 0;
  while (pos < gz.size()) {
    if (static_cast<unsigned char>(gz[pos]) != 0x1f) return false;  // gzip magic, not raw deflate
    z_stream z = {};
    if (inflateInit2(&z, 15 + 16) != Z_OK) return false;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + pos));
    z.avail_in = static_cast<uInt>(gz.size() - pos);
    char buf[65536];
    int rc;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      rc = inflate(&z, Z_NO_FLUSH);
      out->append(buf, sizeof buf - z.avail_out);
    } while (rc == Z_OK);
    pos = gz.size() - z.avail_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return false;
    ++*members;
  }
  return true;
}

TEST(CompressBody, GzipAndZstdRoundTripAndOthersAreRefused) {
  std::string in = Text(100000, 0), gz, zs, back;
  int members;
  ASSERT_TRUE(CompressBody("gzip", in, &gz).ok());
  ASSERT_TRUE(Gunzip(gz, &back, &members));
  EXPECT_EQ(1, members);
  EXPECT_EQ(in, back);
  ASSERT_TRUE(CompressBody("zstd", in, &zs).ok());
  std::string back2(in.size(), '\0');
  EXPECT_EQ(in.size(), ZSTD_decompress(back2.data(), back2.size(), zs.data(), zs.size()));
  EXPECT_EQ(in, back2);
  EXPECT_TRUE(CompressBody("br", in, &gz).IsInvalidArgument());
  EXPECT_TRUE(CompressBody("none", in, &gz).IsInvalidArgument());
}

TEST(CheckCompressLevel, RangesPerCodecAndZeroIsTheDefault) {
  EXPECT_TRUE(CheckCompressLevel("gzip", 0).ok());
  EXPECT_TRUE(CheckCompressLevel("gzip", 1).ok());
  EXPECT_TRUE(CheckCompressLevel("gzip", 12).ok());
  EXPECT_EQ("gzip takes levels 1..12", CheckCompressLevel("gzip", 13).message());
  EXPECT_TRUE(CheckCompressLevel("gzip", -1).IsInvalidArgument());
  EXPECT_TRUE(CheckCompressLevel("zstd", 19).ok());
  EXPECT_EQ("zstd takes levels 1..19", CheckCompressLevel("zstd", 20).message());
  EXPECT_TRUE(CheckCompressLevel("zstd", -5).IsInvalidArgument());
  EXPECT_TRUE(CheckCompressLevel("br", 1).IsInvalidArgument());
  std::unique_ptr<Compressor> c;
  EXPECT_TRUE(Compressor::New("gzip", 13, &c).IsInvalidArgument());
  EXPECT_EQ(nullptr, c);
  EXPECT_TRUE(Compressor::New("none", 0, &c).IsInvalidArgument());
}

// A kept compressor makes one whole gzip member per call, at every level,
// and the members concatenate (the file sink appends them to one .gz).
TEST(Compressor, GzipOneMemberPerBatchAtEachLevelReadByZlib) {
  for (int level : {0, 1, 6, 9, 12}) {
    std::unique_ptr<Compressor> c;
    ASSERT_TRUE(Compressor::New("gzip", level, &c).ok()) << level;
    std::string all, want, body;
    for (int batch = 0; batch < 3; batch++) {
      std::string in = Text(50000 + batch * 1000, batch);
      ASSERT_TRUE(c->Compress(in, &body).ok());
      EXPECT_LT(body.size(), in.size() / 4) << level;
      all += body;
      want += in;
    }
    std::string got;
    int members;
    ASSERT_TRUE(Gunzip(all, &got, &members)) << level;
    EXPECT_EQ(3, members);
    EXPECT_EQ(want, got);
  }
  // An empty batch is still a valid (empty) member.
  std::unique_ptr<Compressor> c;
  ASSERT_TRUE(Compressor::New("gzip", 0, &c).ok());
  std::string body, got;
  int members;
  ASSERT_TRUE(c->Compress("", &body).ok());
  ASSERT_TRUE(Gunzip(body, &got, &members));
  EXPECT_EQ(1, members);
  EXPECT_EQ("", got);
}

// Higher levels make smaller bodies: the level reaches the codec.
TEST(Compressor, TheLevelIsTheCodecs) {
  std::string in = Text(400000, 3);
  for (const char* enc : {"gzip", "zstd"}) {
    std::unique_ptr<Compressor> fast, slow;
    ASSERT_TRUE(Compressor::New(enc, 1, &fast).ok());
    ASSERT_TRUE(Compressor::New(enc, std::string(enc) == "gzip" ? 12 : 19, &slow).ok());
    std::string a, b;
    ASSERT_TRUE(fast->Compress(in, &a).ok());
    ASSERT_TRUE(slow->Compress(in, &b).ok());
    EXPECT_LT(b.size(), a.size()) << enc;
  }
}

// zstd: one frame per batch, with the content size and a checksum; the
// context kept across batches gives each the same bytes a fresh one would.
TEST(Compressor, ZstdOneFramePerBatchWithChecksumAndAReusedContext) {
  std::unique_ptr<Compressor> kept;
  ASSERT_TRUE(Compressor::New("zstd", 3, &kept).ok());
  for (int batch = 0; batch < 3; batch++) {
    std::string in = Text(80000 + batch * 5000, batch), frame, fresh_frame;
    ASSERT_TRUE(kept->Compress(in, &frame).ok());
    std::unique_ptr<Compressor> fresh;
    ASSERT_TRUE(Compressor::New("zstd", 3, &fresh).ok());
    ASSERT_TRUE(fresh->Compress(in, &fresh_frame).ok());
    EXPECT_EQ(fresh_frame, frame);
    EXPECT_EQ(frame.size(), ZSTD_findFrameCompressedSize(frame.data(), frame.size()));
    EXPECT_EQ(in.size(), ZSTD_getFrameContentSize(frame.data(), frame.size()));
    EXPECT_NE(0, frame[4] & 0x04);  // Frame_Header_Descriptor: Content_Checksum_flag (RFC 8878)
    std::string back(in.size(), '\0');
    EXPECT_EQ(in.size(), ZSTD_decompress(back.data(), back.size(), frame.data(), frame.size()));
    EXPECT_EQ(in, back);
    frame[frame.size() - 2] ^= 1;  // the checksum is checked
    EXPECT_TRUE(ZSTD_isError(ZSTD_decompress(back.data(), back.size(), frame.data(), frame.size())));
  }
}

}  // namespace
}  // namespace lc
