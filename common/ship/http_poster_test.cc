#include "common/ship/http_poster.h"

#include <zlib.h>
#include <zstd.h>

#include <gtest/gtest.h>

#include "common/base/clock.h"

namespace lc {

TEST(HttpPoster, RetryAfterSecondsAndDates) {
  EXPECT_EQ(0, ParseRetryAfter("", 0));
  EXPECT_EQ(0, ParseRetryAfter("soon", 0));
  EXPECT_EQ(2 * kSeconds, ParseRetryAfter(" 2\r\n", 0));
  EXPECT_EQ(3600 * kSeconds, ParseRetryAfter("99999999", 0));
  // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480
  int64_t date = 1445412480LL * kSeconds;
  EXPECT_EQ(30 * kSeconds, ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", date - 30 * kSeconds));
  EXPECT_EQ(0, ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", date + kSeconds));  // past
}

TEST(HttpPoster, CompressionRoundTrips) {
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

TEST(HttpPoster, AuthFileMustBeOneReadableLine) {
  HttpOptions o;
  o.base_url = "http://127.0.0.1:1";
  o.auth_file = "/nonexistent/auth";
  std::unique_ptr<HttpPoster> p;
  Status st = NewCurlPoster(o, &p);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ(0u, st.message().find("/nonexistent/auth: "));
  o.auth_file.clear();
  o.compress = "lz4";
  EXPECT_TRUE(NewCurlPoster(o, &p).IsInvalidArgument());
  o.compress = "gzip";
  o.base_url = "http://user:secret@127.0.0.1:1/es/";
  ASSERT_TRUE(NewCurlPoster(o, &p).ok());
  EXPECT_EQ("http://127.0.0.1:1/es", p->Describe());  // no credentials in messages
  HttpReply reply;
  HttpRequest rq;
  rq.path = "/x";
  rq.content_type = "text/plain";
  rq.body = "hi";
  Status post = p->Send(rq, &reply);
  EXPECT_TRUE(post.IsIOError());  // nothing listens on port 1
  EXPECT_EQ(std::string::npos, post.message().find("secret"));
}

}  // namespace lc
