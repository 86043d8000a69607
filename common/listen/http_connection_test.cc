#include "common/listen/http_connection.h"

#include <gtest/gtest.h>

#include <string>

namespace lc {
namespace {

const int64_t kNow = 1'700'000'000'000'000'000;

TEST(HttpConnectionTest, PipelinedRequestsGetRepliesInOrder) {
  HttpIngest ingest(1000, "");
  HttpConnection c(&ingest, "1.2.3.4", 1000);
  std::string records;
  c.OnData("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\na\nPOST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nb\nc", kNow,
           &records);
  c.OnData("\n", kNow, &records);
  EXPECT_EQ(3u, static_cast<size_t>(std::count(records.begin(), records.end(), '\n')));
  EXPECT_NE(std::string::npos, records.find("\"client.address\":\"1.2.3.4\""));
  EXPECT_EQ(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{\"taken\":1,\"invalid\":0}\n"
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{\"taken\":2,\"invalid\":0}\n",
      c.pending());
  EXPECT_FALSE(c.closing());
}

TEST(HttpConnectionTest, ExpectContinueAndRefusalOnTheHead) {
  HttpIngest ingest(1000, "tok");
  HttpConnection ok(&ingest, "", 1000);
  std::string records;
  ok.OnData("POST / HTTP/1.1\r\nAuthorization: Bearer tok\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", kNow,
            &records);
  EXPECT_EQ("HTTP/1.1 100 Continue\r\n\r\n", ok.pending());
  HttpConnection refused(&ingest, "", 1000);
  refused.OnData("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nab", kNow, &records);
  EXPECT_TRUE(refused.closing());
  EXPECT_EQ(0u, refused.pending().find("HTTP/1.1 401 Unauthorized\r\n"));
  EXPECT_NE(std::string::npos, refused.pending().find("Connection: close\r\n"));
  EXPECT_EQ("", records);
}

TEST(HttpConnectionTest, TooLargeAndMalformedClose) {
  HttpIngest ingest(10, "");
  HttpConnection big(&ingest, "", 10);
  std::string records;
  big.OnData("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", kNow, &records);
  EXPECT_TRUE(big.closing());
  EXPECT_EQ(0u, big.pending().find("HTTP/1.1 413 Content Too Large\r\n"));
  HttpConnection bad(&ingest, "", 10);
  bad.OnData("what\r\n\r\n", kNow, &records);
  EXPECT_TRUE(bad.closing());
  EXPECT_EQ(0u, bad.pending().find("HTTP/1.1 400 Bad Request\r\n"));
  size_t before = bad.pending().size();
  bad.OnData("POST / HTTP/1.1\r\n\r\n", kNow, &records);
  EXPECT_EQ(before, bad.pending().size());
  EXPECT_EQ("", records);
}

}  // namespace
}  // namespace lc
