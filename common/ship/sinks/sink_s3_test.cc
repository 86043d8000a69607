#include "common/ship/sinks/sink_s3.h"
#include "common/ship/sinks/batch_object_name.h"

#include <cstdlib>
#include <fstream>
#include <map>

#include <zstd.h>

#include <gtest/gtest.h>

#include "testing/fake_clock.h"
#include "testing/fake_http_poster.h"

namespace lc {
namespace {

const std::vector<std::string> kRecs = {
    R"({"time":"2026-11-25T05:40:45.1Z","body":"a","lc.cursor":"src:10"})",
    R"({"time":"2026-11-25T06:00:00Z","body":"b","lc.cursor":"src:20"})",
};

Batch Recs() { return BatchOf(std::vector<std::string_view>(kRecs.begin(), kRecs.end())); }

std::function<const char*(const char*)> Env(std::map<std::string, std::string> m) {
  return [m = std::move(m)](const char* k) -> const char* {
    auto it = m.find(k);
    return it == m.end() ? nullptr : it->second.c_str();
  };
}

}  // namespace

TEST(S3Sink, OneCompressedObjectPerBatchNamedByItsContent) {
  FakeClock clock;
  auto* poster = new FakeHttpPoster;
  S3Sink sink(std::unique_ptr<HttpPoster>(poster), "logs/node-7", "zstd", &clock);
  ASSERT_TRUE(sink.Send(Recs()).status.ok());
  ASSERT_EQ(1u, poster->requests.size());
  const auto& rq = poster->requests[0];
  EXPECT_EQ("PUT", rq.method);
  EXPECT_EQ("", rq.content_encoding);  // the object is the compressed file
  EXPECT_EQ(0u, rq.path.find("/logs/node-7/2026/11/25/05/")) << rq.path;  // the first record's hour
  EXPECT_EQ(rq.path.size() - 11, rq.path.find(".ndjson.zst")) << rq.path;
  std::string back(1000, '\0');
  size_t n = ZSTD_decompress(back.data(), back.size(), rq.body.data(), rq.body.size());
  ASSERT_FALSE(ZSTD_isError(n));
  back.resize(n);
  EXPECT_EQ(kRecs[0] + "\n" + kRecs[1] + "\n", back);
  // The same batch again: the same name; another batch: another name.
  std::string first = rq.path;
  ASSERT_TRUE(sink.Send(Recs()).status.ok());
  EXPECT_EQ(first, poster->requests[1].path);
  ASSERT_TRUE(sink.Send(BatchOf({kRecs[1]})).status.ok());
  EXPECT_NE(first, poster->requests[2].path);
}

TEST(S3Sink, NamesWithoutCursorsHashTheRecordsAndTakeTheClocksHour) {
  Batch b = BatchOf({R"({"body":"x"})", R"({"body":"y"})"});
  int64_t now = 1795585201LL * kSeconds;  // 2026-11-25T05:40:01Z
  std::string name = BatchObjectName(b, 0, 2, now, "ndjson");
  EXPECT_EQ(0u, name.find("2026/11/25/05/")) << name;
  EXPECT_NE(name, BatchObjectName(BatchOf({R"({"body":"x"})", R"({"body":"z"})"}), 0, 2, now, "ndjson"));
}

TEST(S3Sink, CredentialsFromTheEnvironmentElseTheSharedFile) {
  S3Credentials c;
  ASSERT_TRUE(LoadS3Credentials(Env({{"AWS_ACCESS_KEY_ID", "K"}, {"AWS_SECRET_ACCESS_KEY", "S"},
                                     {"AWS_SESSION_TOKEN", "T"}, {"AWS_REGION", "eu-west-1"}}), &c).ok());
  EXPECT_EQ("K", c.key_id);
  EXPECT_EQ("S", c.secret);
  EXPECT_EQ("T", c.session_token);
  EXPECT_EQ("eu-west-1", c.region);

  char dir[] = "/tmp/lc-s3-XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(dir));
  std::string file = std::string(dir) + "/credentials";
  std::ofstream(file) << "[default]\naws_access_key_id = DK\naws_secret_access_key = DS\n"
                         "# a comment\n[ops]\naws_access_key_id=OK\naws_secret_access_key=OS\n";
  ASSERT_TRUE(LoadS3Credentials(Env({{"AWS_SHARED_CREDENTIALS_FILE", file}}), &c).ok());
  EXPECT_EQ("DK", c.key_id);
  EXPECT_EQ("us-east-1", c.region);
  ASSERT_TRUE(LoadS3Credentials(Env({{"AWS_SHARED_CREDENTIALS_FILE", file}, {"AWS_PROFILE", "ops"}}), &c).ok());
  EXPECT_EQ("OS", c.secret);
  Status st = LoadS3Credentials(Env({{"HOME", dir}}), &c);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(std::string::npos, st.message().find(std::string(dir) + "/.aws/credentials")) << st.message();
  st = LoadS3Credentials(Env({{"AWS_SHARED_CREDENTIALS_FILE", file}, {"AWS_PROFILE", "none"}}), &c);
  EXPECT_TRUE(st.IsInvalidArgument());
  std::remove(file.c_str());
  rmdir(dir);
}

TEST(S3Sink, UrlsParsedAndRefusedNamingThemWithoutSecrets) {
  S3Credentials c{"K", "S3CRET", "", "us-east-1"};
  FakeClock clock;
  std::unique_ptr<Sink> s;
  EXPECT_TRUE(NewS3Sink("s3://bucket/a/b", HttpOptions(), c, &clock, &s).ok());
  EXPECT_TRUE(NewS3Sink("s3+http://127.0.0.1:4568/bucket", HttpOptions(), c, &clock, &s).ok());
  EXPECT_TRUE(NewS3Sink("s3+https://minio.local/bucket/p/", HttpOptions(), c, &clock, &s).ok());
  for (const char* bad : {"s3+http://127.0.0.1:4568", "s3+http://127.0.0.1:4568/", "s3://",
                          "s3+http://u:pw@host/b", "s3://bucket/p?x=1", "s3+ftp://host/b"}) {
    Status st = NewS3Sink(bad, HttpOptions(), c, &clock, &s);
    EXPECT_TRUE(st.IsInvalidArgument()) << bad;
    EXPECT_EQ(std::string::npos, st.message().find("pw")) << st.message();
    EXPECT_EQ(std::string::npos, st.message().find("S3CRET")) << st.message();
  }
}

}  // namespace lc
