// ListenAddress: one URL that lc-listen serves, parsed and opened.
//
//   syslog+udp://[ADDR]:PORT    a UDP socket, one message per datagram
//   syslog+tcp://[ADDR]:PORT    a TCP listener, RFC 6587 framing
//   syslog+tls://[ADDR]:PORT    the same inside TLS (RFC 5425)
//   syslog+unix:///PATH         a unix datagram socket (what /dev/log is)
//   http://[ADDR]:PORT          an HTTP/1.1 listener
//   https://[ADDR]:PORT         the same inside TLS
//
// ADDR is an IPv4 address, a bracketed IPv6 address ("[::1]") or a host
// name (resolved once, its first address); empty means every IPv4 address
// (0.0.0.0).  PORT 0 asks the kernel for a free port: Open reports the one
// it got.  A unix PATH that is a socket nobody serves (left by a dead
// process) is replaced; one that is served, or is not a socket, is an error.
// Every error is InvalidArgument "<url>: <reason>": the caller exits 2.
#ifndef LC_COMMON_LISTEN_LISTEN_ADDRESS_H_
#define LC_COMMON_LISTEN_LISTEN_ADDRESS_H_

#include <string>

#include "common/base/status.h"

namespace lc {

struct ListenAddress {
  enum Kind { kSyslogUdp, kSyslogTcp, kSyslogUnix, kHttp };
  Kind kind = kSyslogUdp;
  bool tls = false;  // syslog+tls://, https://
  std::string url;   // as given
  std::string host;  // "" for every IPv4 address
  int port = 0;
  std::string path;  // kSyslogUnix

  static Status Parse(const std::string& url, ListenAddress* out);
  // Opens the socket (non-blocking, close-on-exec), bound and listening.
  // *bound is the URL with the port the kernel chose.
  Status Open(int* fd, std::string* bound) const;
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_LISTEN_ADDRESS_H_
