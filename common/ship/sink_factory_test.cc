#include "common/ship/sink_factory.h"

#include <gtest/gtest.h>

#include <set>

namespace lc {

namespace {
Status Make(const std::string& url, SinkOptions o = SinkOptions()) {
  std::unique_ptr<Sink> s;
  Status st = NewSink(url, o, &s);
  if (st.ok()) {
    EXPECT_NE(nullptr, s.get());
  }
  return st;
}
SinkOptions Compress(const std::string& c) {
  SinkOptions o;
  o.compress = c;
  return o;
}
}  // namespace

TEST(SinkFactory, OneRowPerSchemeAndTheHelpNamesEach) {
  std::set<std::string> seen;
  for (const SinkScheme& s : SinkSchemes()) {
    EXPECT_TRUE(seen.insert(s.scheme).second) << s.scheme;
    ASSERT_FALSE(s.compress.empty()) << s.scheme;
    EXPECT_EQ(&s, FindSinkScheme(std::string(s.scheme) + "://h/x"));
    std::string usage = s.usage;
    EXPECT_NE(std::string::npos, SinkUsage().find(usage)) << s.scheme;
  }
  EXPECT_EQ(nullptr, FindSinkScheme("ftp://h/x"));
  EXPECT_EQ(nullptr, FindSinkScheme("stdout"));
  EXPECT_EQ(0u, SinkUsage().find("stdout: | file:///DIR | archive:///DIR | http(s)://HOST/PATH | "));
}

TEST(SinkFactory, BuildsEachSink) {
  EXPECT_TRUE(Make("stdout:").ok());
  EXPECT_TRUE(Make("file:///tmp/x?max_bytes=100&max_age=1m").ok());
  EXPECT_TRUE(Make("archive:///tmp/x?format=gz&level=6").ok());
  EXPECT_TRUE(Make("http://127.0.0.1:9/ingest").ok());
  EXPECT_TRUE(Make("HTTPS://127.0.0.1:9/ingest?x=1").ok());
  EXPECT_TRUE(Make("elasticsearch+http://127.0.0.1:9200/logs").ok());
  EXPECT_TRUE(Make("elasticsearch+http://127.0.0.1:9200/proxy/es/logs/").ok());
  EXPECT_TRUE(Make("loki+http://127.0.0.1:3100").ok());
  EXPECT_TRUE(Make("otlp+https://collector:4318").ok());
  EXPECT_TRUE(Make("syslog+tcp://127.0.0.1:514?facility=local3&msg=record&confirm=0s").ok());
  EXPECT_TRUE(Make("syslog+tcp://[::1]:514").ok());
  EXPECT_TRUE(Make("kafka://127.0.0.1:9092,127.0.0.1:9093/logs?linger.ms=10&log_level=0").ok());
}

TEST(SinkFactory, ParsesWithCurl) {
  SinkUrl u;
  ASSERT_TRUE(ParseSinkUrl("elasticsearch+https://u:pw@es:9200/pre/idx/", &u).ok());
  EXPECT_EQ("elasticsearch+https", u.scheme);
  EXPECT_EQ("es:9200", u.authority);
  EXPECT_EQ("/pre/idx", u.path);
  EXPECT_EQ("u", u.user);
  EXPECT_EQ("pw", u.password);
  ASSERT_TRUE(ParseSinkUrl("archive:///srv/a%20b/?level=3", &u).ok());
  EXPECT_EQ("/srv/a b", u.path);
  ASSERT_EQ(1u, u.params.size());
  EXPECT_EQ("level", u.params[0].first);
  ASSERT_TRUE(ParseSinkUrl("syslog+tcp://[::1]:514", &u).ok());
  EXPECT_EQ("[::1]", u.host);
  EXPECT_EQ("514", u.port);
  ASSERT_TRUE(ParseSinkUrl("kafka://b1:9092,[::1]:9093/t?acks=all", &u).ok());
  EXPECT_EQ("b1:9092,[::1]:9093", u.authority);
  EXPECT_EQ("/t", u.path);
  ASSERT_TRUE(ParseSinkUrl("file:///", &u).ok());
  EXPECT_EQ("/", u.path);
}

TEST(SinkFactory, BadUrlsNameTheUrlWithoutCredentials) {
  Status st = Make("elasticsearch+http://u:secret@127.0.0.1:9200");
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ("elasticsearch+http://127.0.0.1:9200: no index: want elasticsearch+http://HOST/INDEX",
            st.message());
  st = Make("http://u:secret@127.0.0.1:99999/x");
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ(std::string::npos, st.message().find("secret")) << st.message();
  EXPECT_NE(std::string::npos, st.message().find("127.0.0.1:99999/x")) << st.message();
  st = Make("kafka://127.0.0.1:9092/t?sasl.password=hunter2&no.such.prop=1");
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ(std::string::npos, st.message().find("hunter2")) << st.message();
  for (const char* bad :
       {"syslog+tcp://127.0.0.1", "syslog+tcp://127.0.0.1:514?facility=nope", "syslog+tcp://127.0.0.1:514?colour=red",
        "syslog+tcp://127.0.0.1:514?confirm=soon", "syslog+udp://127.0.0.1:514", "kafka://127.0.0.1:9092",
        "kafka://127.0.0.1:9092/t?no.such.prop=1", "kafka://a:1,,b:2/t", "kafka://a:x/t", "loki+http://127.0.0.1:3100?x=1",
        "http://", "http:/h/x", "file://relative", "archive:///x?format=bz2", "archive:///x?format=gz&level=12",
        "file:///x?max_bytes=big", "file:///x?=1", "ftp://h/x", "stdout", "stdout:x"}) {
    st = Make(bad);
    EXPECT_TRUE(st.IsInvalidArgument()) << bad;
    EXPECT_NE(std::string::npos, st.message().find(std::string(bad).substr(0, 6))) << bad << ": " << st.message();
  }
}

TEST(SinkFactory, CompressIsHonouredOrRefusedNeverIgnored) {
  for (const char* url : {"stdout:", "syslog+tcp://127.0.0.1:514"}) {
    EXPECT_TRUE(Make(url, Compress("none")).ok()) << url;
    for (const char* c : {"gzip", "zstd"}) {
      Status st = Make(url, Compress(c));
      EXPECT_TRUE(st.IsInvalidArgument()) << url << " " << c;
      EXPECT_EQ(0u, st.message().find(std::string("--compress ") + c)) << st.message();
    }
  }
  for (const char* url : {"file:///tmp/x", "archive:///tmp/x", "http://h/x", "otlp+http://h:4318", "kafka://b:9092/t"}) {
    for (const char* c : {"none", "gzip", "zstd"}) EXPECT_TRUE(Make(url, Compress(c)).ok()) << url << " " << c;
  }
  EXPECT_TRUE(Make("loki+http://127.0.0.1:3100", Compress("zstd")).IsInvalidArgument());
  EXPECT_TRUE(Make("elasticsearch+http://h/i", Compress("zstd")).IsInvalidArgument());
  EXPECT_TRUE(Make("loki+http://127.0.0.1:3100", Compress("gzip")).ok());
  // archive's older format= must agree with --compress.
  EXPECT_TRUE(Make("archive:///tmp/x?format=gz", Compress("gzip")).ok());
  EXPECT_TRUE(Make("archive:///tmp/x?format=gz", Compress("zstd")).IsInvalidArgument());
  EXPECT_TRUE(Make("archive:///tmp/x?level=12", Compress("gzip")).IsInvalidArgument());
  EXPECT_TRUE(Make("archive:///tmp/x?level=3", Compress("none")).IsInvalidArgument());
}

TEST(SinkFactory, CompressLevelIsCheckedPerCodecAndNamesTheFlag) {
  auto level = [](const std::string& c, int n) {
    SinkOptions o = Compress(c);
    o.compress_level = n;
    return o;
  };
  EXPECT_TRUE(Make("http://h/x", level("gzip", 12)).ok());
  EXPECT_TRUE(Make("http://h/x", level("zstd", 19)).ok());
  EXPECT_TRUE(Make("file:///tmp/x", level("gzip", 9)).ok());
  EXPECT_TRUE(Make("loki+http://h:3100", level("gzip", 1)).ok());
  EXPECT_TRUE(Make("archive:///tmp/x", level("", 19)).ok());  // zstd, its default
  EXPECT_TRUE(Make("kafka://b:9092/t", level("zstd", 12)).ok());
  Status st = Make("http://h/x", level("gzip", 13));
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ("--compress-level 13: gzip takes levels 1..12", st.message());
  st = Make("file:///tmp/x", level("", 3));  // file: is uncompressed by default
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ("--compress-level 3: file:///tmp/x compresses nothing here (--compress none)", st.message());
  st = Make("stdout:", level("", 1));
  EXPECT_EQ(0u, st.message().find("--compress-level 1: stdout: compresses nothing"));
  st = Make("archive:///tmp/x", level("gzip", 10));  // libarchive's gzip is zlib's
  EXPECT_NE(std::string::npos, st.message().find("--compress-level: gzip takes 1..9 here")) << st.message();
  st = Make("archive:///tmp/x?level=3", level("zstd", 4));
  EXPECT_NE(std::string::npos, st.message().find("level=3 contradicts --compress-level 4")) << st.message();
  EXPECT_TRUE(Make("archive:///tmp/x?level=4", level("zstd", 4)).ok());
  st = Make("kafka://b:9092/t", level("gzip", 10));
  EXPECT_NE(std::string::npos, st.message().find("--compress-level: gzip takes 1..9 here")) << st.message();
}

TEST(SinkFactory, DefaultsDependOnTheSink) {
  EXPECT_EQ(1, DefaultsForSink("stdout:").concurrency);
  EXPECT_EQ(1, DefaultsForSink("file:///srv/logs").concurrency);
  EXPECT_EQ(2, DefaultsForSink("archive:///srv/logs").concurrency);
  EXPECT_EQ(2, DefaultsForSink("loki+http://loki:3100").concurrency);
  EXPECT_EQ(size_t{8} << 20, DefaultsForSink("archive:///srv/logs").batch_bytes);
  EXPECT_EQ(size_t{1} << 20, DefaultsForSink("http://h/p").batch_bytes);
  EXPECT_EQ("zstd", FindSinkScheme("archive:///x")->compress[0]);
  EXPECT_EQ("none", FindSinkScheme("file:///x")->compress[0]);
}

TEST(SinkFactory, RedactsCredentialsAndQuery) {
  EXPECT_EQ("http://host/x", RedactedSinkUrl("http://user:secret@host/x?token=abc"));
  EXPECT_EQ("kafka://b1,b2/t", RedactedSinkUrl("kafka://b1,b2/t?sasl.password=pw"));
}

}  // namespace lc
