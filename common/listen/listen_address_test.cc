#include "common/listen/listen_address.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace lc {
namespace {

TEST(ListenAddressTest, ParsesEachScheme) {
  ListenAddress a;
  ASSERT_TRUE(ListenAddress::Parse("syslog+udp://127.0.0.1:514", &a).ok());
  EXPECT_EQ(ListenAddress::kSyslogUdp, a.kind);
  EXPECT_EQ("127.0.0.1", a.host);
  EXPECT_EQ(514, a.port);
  ASSERT_TRUE(ListenAddress::Parse("syslog+tcp://:6514", &a).ok());
  EXPECT_EQ(ListenAddress::kSyslogTcp, a.kind);
  EXPECT_EQ("", a.host);
  EXPECT_EQ(6514, a.port);
  ASSERT_TRUE(ListenAddress::Parse("syslog+tcp://[::1]:0", &a).ok());
  EXPECT_EQ("::1", a.host);
  ASSERT_TRUE(ListenAddress::Parse("syslog+unix:///run/lc/log.sock", &a).ok());
  EXPECT_EQ(ListenAddress::kSyslogUnix, a.kind);
  EXPECT_EQ("/run/lc/log.sock", a.path);
  ASSERT_TRUE(ListenAddress::Parse("http://0.0.0.0:8080/", &a).ok());
  EXPECT_EQ(ListenAddress::kHttp, a.kind);
  EXPECT_EQ(8080, a.port);
}

TEST(ListenAddressTest, BadUrlsNameTheUrl) {
  for (const char* url : {"syslog://x:1", "syslog+udp://host", "syslog+udp://h:99999", "syslog+tcp://h:1x",
                          "syslog+unix://relative", "http://a/b:80", "syslog+udp://h:"}) {
    ListenAddress a;
    Status s = ListenAddress::Parse(url, &a);
    EXPECT_TRUE(s.IsInvalidArgument()) << url;
    EXPECT_EQ(0u, s.message().find(std::string(url) + ": ")) << s.message();
  }
}

TEST(ListenAddressTest, OpenReportsThePortAndRefusesOneInUse) {
  ListenAddress a;
  ASSERT_TRUE(ListenAddress::Parse("syslog+tcp://127.0.0.1:0", &a).ok());
  int fd = -1;
  std::string bound;
  ASSERT_TRUE(a.Open(&fd, &bound).ok());
  ASSERT_EQ(0u, bound.find("syslog+tcp://127.0.0.1:"));
  EXPECT_NE("syslog+tcp://127.0.0.1:0", bound);
  ListenAddress again;
  ASSERT_TRUE(ListenAddress::Parse(bound, &again).ok());
  int fd2 = -1;
  std::string bound2;
  Status s = again.Open(&fd2, &bound2);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(bound + ": Address already in use", s.message());
  close(fd);
}

TEST(ListenAddressTest, UnixSocketInUseOrNotASocket) {
  char dir[] = "/tmp/lc-la.XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(dir));
  std::string path = std::string(dir) + "/log.sock";
  ListenAddress a;
  ASSERT_TRUE(ListenAddress::Parse("syslog+unix://" + path, &a).ok());
  int fd = -1, fd2 = -1;
  std::string bound;
  ASSERT_TRUE(a.Open(&fd, &bound).ok());
  EXPECT_EQ("syslog+unix://" + path + ": another process serves this socket", a.Open(&fd2, &bound).message());
  close(fd);
  // Nobody serves it now: a stale socket is replaced.
  ASSERT_TRUE(a.Open(&fd, &bound).ok());
  close(fd);
  unlink(path.c_str());
  FILE* f = fopen(path.c_str(), "w");
  fclose(f);
  EXPECT_EQ("syslog+unix://" + path + ": exists and is not a socket", a.Open(&fd, &bound).message());
  unlink(path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace lc
