// http_sink_server: a minimal HTTP/1.1 server for bench/ship.sh that takes
// POSTs (Content-Length bodies, keep-alive), answers 200 and discards the
// body, so lc-ship's HTTP sink is measured on loopback without a slow server
// in the way.  Prints its port on stdout; on SIGTERM prints
// "<requests> <body bytes>" on stderr.  Thread per connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

static std::atomic<long long> g_requests{0}, g_bytes{0};

static void Serve(int fd) {
  std::string buf;
  char chunk[1 << 16];
  for (;;) {
    size_t end;
    while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) { close(fd); return; }
      buf.append(chunk, static_cast<size_t>(n));
    }
    long long len = 0;
    const char* cl = strcasestr(buf.c_str(), "\r\ncontent-length:");
    if (cl != nullptr && cl < buf.c_str() + end) len = atoll(cl + 17);
    size_t have = buf.size() - end - 4;
    long long need = len - static_cast<long long>(have);
    std::string rest;
    if (need < 0) rest = buf.substr(end + 4 + static_cast<size_t>(len));
    while (need > 0) {
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) { close(fd); return; }
      if (n > need) rest.assign(chunk + need, static_cast<size_t>(n - need));
      need -= n;
    }
    buf = rest;
    g_requests++;
    g_bytes += len;
    static const char kOk[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    if (write(fd, kOk, sizeof kOk - 1) < 0) { close(fd); return; }
  }
}

static void OnTerm(int) {
  fprintf(stderr, "%lld %lld\n", g_requests.load(), g_bytes.load());
  _exit(0);
}

int main() {
  signal(SIGTERM, OnTerm);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(s, 64) != 0) return 1;
  socklen_t l = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &l);
  printf("%d\n", ntohs(a.sin_port));
  fflush(stdout);
  for (;;) {
    int c = accept(s, nullptr, nullptr);
    if (c >= 0) std::thread(Serve, c).detach();
  }
}
