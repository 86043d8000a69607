#include "common/listen/http_request_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace lc {
namespace {

TEST(HttpRequestParserTest, ContentLengthBodyAndKeepAlive) {
  HttpRequestParser p(1000);
  std::string in =
      "POST /loki/api/v1/push?x=1 HTTP/1.1\r\nHost: a\r\ncontent-type:  application/json \r\n"
      "Content-Encoding: GZIP\r\nAuthorization: Bearer s3cret\r\nContent-Length: 5\r\n\r\nhelloPOST / HTTP/1.1\r\n";
  ASSERT_EQ(HttpRequestParser::kHead, p.Parse(&in));
  EXPECT_EQ("POST", p.request().method);
  EXPECT_EQ("/loki/api/v1/push", p.request().path());
  EXPECT_EQ("application/json", p.request().content_type);
  EXPECT_EQ("gzip", p.request().content_encoding);
  EXPECT_EQ("Bearer s3cret", p.request().authorization);
  EXPECT_TRUE(p.request().keep_alive);
  ASSERT_EQ(HttpRequestParser::kRequest, p.Parse(&in));
  EXPECT_EQ("hello", p.request().body);
  EXPECT_EQ("POST / HTTP/1.1\r\n", in);
  EXPECT_EQ(HttpRequestParser::kNeedMore, p.Parse(&in));
  in += "Connection: close\r\n\r\n";
  ASSERT_EQ(HttpRequestParser::kHead, p.Parse(&in));
  EXPECT_FALSE(p.request().keep_alive);
  ASSERT_EQ(HttpRequestParser::kRequest, p.Parse(&in));
  EXPECT_EQ("", p.request().body);
  EXPECT_EQ("", in);
}

TEST(HttpRequestParserTest, ByteByByte) {
  HttpRequestParser p(1000);
  std::string all = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
                    "3;ext=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nTrailer: x\r\n\r\n";
  std::string in;
  int heads = 0, requests = 0;
  for (char c : all) {
    in.push_back(c);
    for (;;) {
      auto r = p.Parse(&in);
      ASSERT_NE(HttpRequestParser::kError, r) << p.error();
      if (r == HttpRequestParser::kNeedMore) break;
      if (r == HttpRequestParser::kHead) {
        heads++;
        EXPECT_TRUE(p.request().expect_continue);
      }
      if (r == HttpRequestParser::kRequest) requests++;
    }
  }
  EXPECT_EQ(1, heads);
  EXPECT_EQ(1, requests);
  EXPECT_EQ("abc0123456789abcdef", p.request().body);
}

TEST(HttpRequestParserTest, LimitsAndErrors) {
  struct Case {
    std::string in;
    int status;
  } cases[] = {
      {"POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", 413},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n", 413},
      {"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"garbage\r\n\r\n", 400},
      {"POST / HTTP/2.0\r\n\r\n", 505},
      {"POST / HTTP/1.1\r\nno colon here\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nX: " + std::string(70000, 'a'), 431},
  };
  for (Case& c : cases) {
    HttpRequestParser p(10);
    HttpRequestParser::Result r;
    do {
      r = p.Parse(&c.in);
    } while (r == HttpRequestParser::kHead || r == HttpRequestParser::kRequest);
    ASSERT_EQ(HttpRequestParser::kError, r) << c.in.substr(0, 60);
    EXPECT_EQ(c.status, p.error_status()) << c.in.substr(0, 60) << ": " << p.error();
  }
}

TEST(HttpRequestParserTest, Http10ClosesByDefault) {
  HttpRequestParser p(10);
  std::string in = "GET /ready HTTP/1.0\r\n\r\n";
  ASSERT_EQ(HttpRequestParser::kHead, p.Parse(&in));
  EXPECT_FALSE(p.request().keep_alive);
  EXPECT_EQ("GET", p.request().method);
  EXPECT_EQ(HttpRequestParser::kRequest, p.Parse(&in));
}

}  // namespace
}  // namespace lc
