#include "common/listen/http_ingest.h"

#include <gtest/gtest.h>

#include <string>

#include "common/base/compress.h"

namespace lc {
namespace {

const int64_t kNow = 1'700'000'000'000'000'000;

IncomingRequest Post(const std::string& path, const std::string& body) {
  IncomingRequest r;
  r.method = "POST";
  r.target = path;
  r.body = body;
  return r;
}

TEST(HttpIngestTest, RoutesAndAnswers) {
  HttpIngest in(1000, "");
  std::string out;
  IngestReply r = in.Handle(Post("/", "a\nb\n"), kNow, "", &out);
  EXPECT_EQ(200, r.status);
  EXPECT_EQ("{\"taken\":2,\"invalid\":0}\n", r.body);
  r = in.Handle(Post("/loki/api/v1/push", "{\"streams\":[]}"), kNow, "", &out);
  EXPECT_EQ(204, r.status);
  EXPECT_EQ("HTTP/1.1 204 No Content\r\n\r\n", FormatHttpReply(r, false));
  r = in.Handle(Post("/v1/logs?x", "{}"), kNow, "", &out);
  EXPECT_EQ(200, r.status);
  EXPECT_EQ("{}\n", r.body);
  r = in.Handle(Post("/nope", ""), kNow, "", &out);
  EXPECT_EQ(404, r.status);
  IncomingRequest get = Post("/", "");
  get.method = "GET";
  r = in.Handle(get, kNow, "", &out);
  EXPECT_EQ(405, r.status);
  EXPECT_EQ("Allow: POST\r\n", r.extra_headers);
  get.target = "/ready";
  r = in.Handle(get, kNow, "", &out);
  EXPECT_EQ(200, r.status);
  EXPECT_EQ(2u, static_cast<size_t>(std::count(out.begin(), out.end(), '\n')));
}

TEST(HttpIngestTest, NoValidRecordIs400AndTakesNothing) {
  HttpIngest in(1000, "");
  std::string out = "before\n";
  IngestReply r = in.Handle(Post("/", "{x\n{y\n"), kNow, "", &out);
  EXPECT_EQ(400, r.status);
  EXPECT_EQ("{\"taken\":0,\"invalid\":2,\"error\":\"no valid record\"}\n", r.body);
  EXPECT_EQ("before\n", out);
  r = in.Handle(Post("/", ""), kNow, "", &out);
  EXPECT_EQ(400, r.status);
  r = in.Handle(Post("/loki/api/v1/push", "{"), kNow, "", &out);
  EXPECT_EQ(400, r.status);
  EXPECT_EQ("{\"error\":\"not a JSON object\"}\n", r.body);
  IncomingRequest pb = Post("/v1/logs", "\x0a\x00");
  pb.content_type = "application/x-protobuf";
  EXPECT_EQ(415, in.Handle(pb, kNow, "", &out).status);
  EXPECT_EQ("before\n", out);
}

TEST(HttpIngestTest, CompressedBodiesAndTheirBound) {
  HttpIngest in(1000, "");
  std::string out, gz, big;
  ASSERT_TRUE(CompressBody("gzip", "one\ntwo\n", &gz).ok());
  IncomingRequest r = Post("/", gz);
  r.content_encoding = "gzip";
  EXPECT_EQ(200, in.Handle(r, kNow, "", &out).status);
  EXPECT_NE(std::string::npos, out.find("\"body\":\"two\""));
  ASSERT_TRUE(CompressBody("zstd", std::string(5000, 'a'), &big).ok());
  r = Post("/", big);
  r.content_encoding = "zstd";
  EXPECT_EQ(413, in.Handle(r, kNow, "", &out).status);
  r.content_encoding = "br";
  EXPECT_EQ(415, in.Handle(r, kNow, "", &out).status);
  r.content_encoding = "gzip";
  r.body = "not gzip";
  EXPECT_EQ(400, in.Handle(r, kNow, "", &out).status);
}

TEST(HttpIngestTest, BearerToken) {
  HttpIngest in(1000, "s3cret");
  IncomingRequest r = Post("/", "x");
  IngestReply reply = in.CheckHead(r);
  EXPECT_EQ(401, reply.status);
  EXPECT_EQ("WWW-Authenticate: Bearer\r\n", reply.extra_headers);
  EXPECT_EQ(std::string::npos, FormatHttpReply(reply, true).find("s3cret"));
  r.authorization = "Bearer s3cre";
  EXPECT_EQ(401, in.CheckHead(r).status);
  r.authorization = "Bearer s3cretX";
  EXPECT_EQ(401, in.CheckHead(r).status);
  r.authorization = "Basic s3cret";
  EXPECT_EQ(401, in.CheckHead(r).status);
  r.authorization = "Bearer s3cret";
  EXPECT_EQ(0, in.CheckHead(r).status);
  std::string out;
  EXPECT_EQ(200, in.Handle(r, kNow, "", &out).status);
  IncomingRequest ready;
  ready.method = "GET";
  ready.target = "/ready";
  EXPECT_EQ(200, in.CheckHead(ready).status);
}

}  // namespace
}  // namespace lc
