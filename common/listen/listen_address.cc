#include "common/listen/listen_address.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lc {
namespace {

Status Bad(const std::string& url, const std::string& why) { return Status::InvalidArgument(url + ": " + why); }

bool StartsWith(const std::string& s, const char* p) { return s.compare(0, strlen(p), p) == 0; }

}  // namespace

Status ListenAddress::Parse(const std::string& url, ListenAddress* out) {
  ListenAddress a;
  a.url = url;
  std::string rest;
  if (StartsWith(url, "syslog+udp://")) {
    a.kind = kSyslogUdp;
    rest = url.substr(13);
  } else if (StartsWith(url, "syslog+tcp://")) {
    a.kind = kSyslogTcp;
    rest = url.substr(13);
  } else if (StartsWith(url, "syslog+tls://")) {
    a.kind = kSyslogTcp;
    a.tls = true;
    rest = url.substr(13);
  } else if (StartsWith(url, "http://") || StartsWith(url, "https://")) {
    a.kind = kHttp;
    a.tls = url[4] == 's';
    rest = url.substr(a.tls ? 8 : 7);
    if (!rest.empty() && rest.back() == '/') rest.pop_back();
  } else if (StartsWith(url, "syslog+unix://")) {
    a.kind = kSyslogUnix;
    a.path = url.substr(14);
    if (a.path.empty() || a.path[0] != '/') return Bad(url, "want syslog+unix:///PATH (an absolute path)");
    if (a.path.size() >= sizeof(sockaddr_un{}.sun_path)) return Bad(url, "socket path too long");
    *out = a;
    return Status::OK();
  } else {
    return Bad(url, "not a listen URL (syslog+udp://, syslog+tcp://, syslog+tls://, syslog+unix://, http://, https://)");
  }
  size_t colon = rest.rfind(':');
  if (colon == std::string::npos) return Bad(url, "no :PORT");
  a.host = rest.substr(0, colon);
  if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
  if (a.host.find_first_of("/[]") != std::string::npos) return Bad(url, "bad address '" + a.host + "'");
  std::string port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return Bad(url, "bad port '" + port + "'");
  }
  a.port = std::stoi(port);
  *out = a;
  return Status::OK();
}

Status ListenAddress::Open(int* fd_out, std::string* bound) const {
  if (kind == kSyslogUnix) {
    sockaddr_un sa = {};
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    struct stat st;
    if (lstat(path.c_str(), &st) == 0) {
      if (!S_ISSOCK(st.st_mode)) return Bad(url, "exists and is not a socket");
      int probe = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      bool served = probe >= 0 && connect(probe, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
      if (probe >= 0) close(probe);
      if (served) return Bad(url, "another process serves this socket");
      unlink(path.c_str());
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return Bad(url, strerror(errno));
    if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
      int e = errno;
      close(fd);
      return Bad(url, strerror(e));
    }
    *fd_out = fd;
    *bound = url;
    return Status::OK();
  }
  bool stream = kind != kSyslogUdp;
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = stream ? SOCK_STREAM : SOCK_DGRAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string port_text = std::to_string(port);
  int rc = getaddrinfo(host.empty() ? "0.0.0.0" : host.c_str(), port_text.c_str(), &hints, &res);
  if (rc != 0) return Bad(url, std::string("cannot resolve '") + host + "': " + gai_strerror(rc));
  int fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    freeaddrinfo(res);
    return Bad(url, strerror(errno));
  }
  int one = 1;
  if (stream) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (res->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (!stream) {
    // Bursts of datagrams wait here while a batch of records is written.
    // Past net.core.rmem_max only for a privileged process (FORCE).
    int rcvbuf = 8 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) != 0) {
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
  }
  rc = bind(fd, res->ai_addr, res->ai_addrlen);
  freeaddrinfo(res);
  if (rc != 0 || (stream && listen(fd, 1024) != 0)) {
    int e = errno;
    close(fd);
    return Bad(url, strerror(e));
  }
  sockaddr_storage ss = {};
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  char ip[INET6_ADDRSTRLEN] = "";
  int got_port = 0;
  if (ss.ss_family == AF_INET6) {
    auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof ip);
    got_port = ntohs(s6->sin6_port);
  } else {
    auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof ip);
    got_port = ntohs(s4->sin_port);
  }
  std::string scheme = url.substr(0, url.find("://") + 3);
  *bound = scheme + (ss.ss_family == AF_INET6 ? "[" + std::string(ip) + "]" : std::string(ip)) + ":" +
           std::to_string(got_port);
  *fd_out = fd;
  return Status::OK();
}

}  // namespace lc
