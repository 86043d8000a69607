#include "common/ship/sink_factory.h"

#include <gtest/gtest.h>

namespace lc {

namespace {
Status Make(const std::string& url, SinkOptions o = SinkOptions()) {
  std::unique_ptr<Sink> s;
  Status st = NewProtocolSink(url, o, &s);
  if (st.ok()) {
    EXPECT_NE(nullptr, s.get());
  }
  return st;
}
}  // namespace

TEST(SinkFactory, KnowsItsSchemes) {
  EXPECT_TRUE(IsProtocolSinkUrl("elasticsearch+https://es:9200/logs"));
  EXPECT_TRUE(IsProtocolSinkUrl("syslog+tcp://h:514"));
  EXPECT_TRUE(IsProtocolSinkUrl("kafka://b:9092/t"));
  EXPECT_FALSE(IsProtocolSinkUrl("http://h/x"));
  EXPECT_FALSE(IsProtocolSinkUrl("file:///d"));
}

TEST(SinkFactory, BuildsEachSink) {
  EXPECT_TRUE(Make("elasticsearch+http://127.0.0.1:9200/logs").ok());
  EXPECT_TRUE(Make("elasticsearch+http://127.0.0.1:9200/proxy/es/logs/").ok());
  EXPECT_TRUE(Make("loki+http://127.0.0.1:3100").ok());
  EXPECT_TRUE(Make("otlp+https://collector:4318").ok());
  EXPECT_TRUE(Make("syslog+tcp://127.0.0.1:514?facility=local3&msg=record&confirm=0s").ok());
  EXPECT_TRUE(Make("syslog+tcp://[::1]:514").ok());
  EXPECT_TRUE(Make("kafka://127.0.0.1:9092,127.0.0.1:9093/logs?linger.ms=10&log_level=0").ok());
}

TEST(SinkFactory, BadUrlsNameTheUrlWithoutCredentials) {
  Status st = Make("elasticsearch+http://u:secret@127.0.0.1:9200");
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ("elasticsearch+http://127.0.0.1:9200: no index: want elasticsearch+http://HOST/INDEX",
            st.message());
  EXPECT_TRUE(Make("syslog+tcp://127.0.0.1").IsInvalidArgument());
  EXPECT_TRUE(Make("syslog+tcp://127.0.0.1:514?facility=nope").IsInvalidArgument());
  EXPECT_TRUE(Make("syslog+tcp://127.0.0.1:514?colour=red").IsInvalidArgument());
  EXPECT_TRUE(Make("syslog+tcp://127.0.0.1:514?confirm=soon").IsInvalidArgument());
  EXPECT_TRUE(Make("syslog+udp://127.0.0.1:514").IsInvalidArgument());
  EXPECT_TRUE(Make("kafka://127.0.0.1:9092").IsInvalidArgument());
  EXPECT_TRUE(Make("kafka://127.0.0.1:9092/t?no.such.prop=1").IsInvalidArgument());
  EXPECT_TRUE(Make("loki+http://127.0.0.1:3100?x=1").IsInvalidArgument());
  SinkOptions o;
  o.http.compress = "zstd";
  EXPECT_TRUE(Make("loki+http://127.0.0.1:3100", o).IsInvalidArgument());
  EXPECT_TRUE(Make("otlp+http://127.0.0.1:4318", o).ok());
}

}  // namespace lc

namespace lc {

TEST(SinkFactory, NewSinkBuildsThePlainSinks) {
  std::unique_ptr<Sink> s;
  EXPECT_TRUE(NewSink("stdout:", SinkOptions(), &s).ok());
  EXPECT_TRUE(NewSink("file:///tmp/x?max_bytes=100&max_age=1m", SinkOptions(), &s).ok());
  EXPECT_TRUE(NewSink("archive:///tmp/x?format=gz&level=6", SinkOptions(), &s).ok());
  EXPECT_TRUE(NewSink("http://127.0.0.1:9/ingest", SinkOptions(), &s).ok());
  EXPECT_TRUE(NewSink("loki+http://127.0.0.1:3100", SinkOptions(), &s).ok());
  for (const char* bad : {"file://relative", "archive:///x?format=bz2", "archive:///x?format=gz&level=12",
                          "file:///x?max_bytes=big", "ftp://h/x", "stdout"}) {
    Status st = NewSink(bad, SinkOptions(), &s);
    EXPECT_TRUE(st.IsInvalidArgument()) << bad;
    EXPECT_NE(std::string::npos, st.message().find(std::string(bad).substr(0, 6))) << bad;
  }
}

TEST(SinkFactory, DefaultsDependOnTheSink) {
  EXPECT_EQ(1, DefaultsForSink("stdout:").concurrency);
  EXPECT_EQ(1, DefaultsForSink("file:///srv/logs").concurrency);
  EXPECT_EQ(2, DefaultsForSink("archive:///srv/logs").concurrency);
  EXPECT_EQ(2, DefaultsForSink("loki+http://loki:3100").concurrency);
  EXPECT_EQ(size_t{8} << 20, DefaultsForSink("archive:///srv/logs").batch_bytes);
  EXPECT_EQ(size_t{1} << 20, DefaultsForSink("http://h/p").batch_bytes);
}

TEST(SinkFactory, RedactsCredentialsAndQuery) {
  EXPECT_EQ("http://host/x", RedactedSinkUrl("http://user:secret@host/x?token=abc"));
  EXPECT_EQ("kafka://b1,b2/t", RedactedSinkUrl("kafka://b1,b2/t?sasl.password=pw"));
}

}  // namespace lc
