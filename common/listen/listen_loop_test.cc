#include "common/listen/listen_loop.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "testing/fake_clock.h"

namespace lc {
namespace {

// The port of a bound URL "scheme://127.0.0.1:PORT".
int PortOf(const std::string& url) { return std::stoi(url.substr(url.rfind(':') + 1)); }

sockaddr_in Loopback(int port) {
  sockaddr_in sa = {};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return sa;
}

std::string ReadAll(int fd) {
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
  return s;
}

// Messages are sent before Run; Run serves one round, then is told to stop
// and drains: everything sent is in the output, without a thread or a sleep.
TEST(ListenLoopTest, UdpAndTcpMessagesAreRecordsAndStopDrains) {
  int pipefd[2];
  ASSERT_EQ(0, pipe(pipefd));
  FakeClock clock;
  OutputWriter writer(pipefd[1]);
  StdoutRecordSink out(&writer);
  ListenOptions opt;
  opt.max_message_bytes = 100;
  ListenLoop loop(opt, &out, &clock);
  ListenAddress udp, tcp;
  ASSERT_TRUE(ListenAddress::Parse("syslog+udp://127.0.0.1:0", &udp).ok());
  ASSERT_TRUE(ListenAddress::Parse("syslog+tcp://127.0.0.1:0", &tcp).ok());
  ASSERT_TRUE(loop.Listen(udp).ok());
  ASSERT_TRUE(loop.Listen(tcp).ok());
  ASSERT_EQ(2u, loop.bound().size());

  int u = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in ua = Loopback(PortOf(loop.bound()[0]));
  std::string d1 = "<13>1 - h a - - - datagram";
  std::string d2 = "<13>" + std::string(200, 'z');
  sendto(u, d1.data(), d1.size(), 0, reinterpret_cast<sockaddr*>(&ua), sizeof ua);
  sendto(u, d2.data(), d2.size(), 0, reinterpret_cast<sockaddr*>(&ua), sizeof ua);
  int t = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in ta = Loopback(PortOf(loop.bound()[1]));
  ASSERT_EQ(0, connect(t, reinterpret_cast<sockaddr*>(&ta), sizeof ta));
  std::string stream = "<13>one\n8 <13>two\n<13>last, no newline";
  ASSERT_EQ(static_cast<ssize_t>(stream.size()), write(t, stream.data(), stream.size()));

  int rounds = 0;
  Status s = loop.Run(-1, [] {}, [&] { return rounds++ >= 1; });
  ASSERT_TRUE(s.ok()) << s.message();
  close(pipefd[1]);
  std::string got = ReadAll(pipefd[0]);
  close(pipefd[0]);
  close(u);
  close(t);
  EXPECT_NE(std::string::npos, got.find("\"body\":\"datagram\"")) << got;
  EXPECT_NE(std::string::npos, got.find("\"body\":\"" + std::string(96, 'z') + "\",\"lc.truncated\":true")) << got;
  EXPECT_NE(std::string::npos, got.find("\"body\":\"one\"")) << got;
  EXPECT_NE(std::string::npos, got.find("\"body\":\"two\"")) << got;
  EXPECT_NE(std::string::npos, got.find("\"body\":\"last, no newline\",\"syslog.facility\"")) << got;
  size_t lines = 0;
  for (char c : got) lines += c == '\n';
  EXPECT_EQ(5u, lines) << got;
}

// An HTTP connection that says nothing is closed once idle long enough; the
// clock is fake, the loop's one-second wait is real.
TEST(ListenLoopTest, IdleHttpConnectionsAreClosed) {
  int pipefd[2];
  ASSERT_EQ(0, pipe(pipefd));
  FakeClock clock;
  OutputWriter writer(pipefd[1]);
  StdoutRecordSink out(&writer);
  ListenOptions opt;
  opt.http_idle_nanos = 60 * kSeconds;
  ListenLoop loop(opt, &out, &clock);
  ListenAddress http;
  ASSERT_TRUE(ListenAddress::Parse("http://127.0.0.1:0", &http).ok());
  ASSERT_TRUE(loop.Listen(http).ok());
  int c = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(PortOf(loop.bound()[0]));
  ASSERT_EQ(0, connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a));
  int rounds = 0;
  // Round 1 accepts; then 61 s pass; round 2 finds the connection idle.
  Status s = loop.Run(-1, [] {}, [&] {
    if (++rounds == 2) clock.Advance(61 * kSeconds);
    return rounds > 2;
  });
  ASSERT_TRUE(s.ok()) << s.message();
  timeval limit = {2, 0};  // a connection left open fails the test, not hangs it
  setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  char buf[16];
  EXPECT_EQ(0, read(c, buf, sizeof buf));  // closed by lc-listen
  close(c);
  close(pipefd[0]);
  close(pipefd[1]);
}

}  // namespace
}  // namespace lc
