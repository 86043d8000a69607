// TlsServer: the server side of TLS for lc-listen's syslog+tls:// (syslog
// over TLS, RFC 5425: octet-counted frames inside TLS) and https://
// listeners, with OpenSSL on non-blocking sockets.
//
// Contract: Load reads a PEM certificate chain and its private key once
// (InvalidArgument naming the file when either does not load or they do not
// match: the caller exits 2).  TLS 1.2 and 1.3; no client certificates.  A
// TlsSession is one accepted connection; Read and Write behave like read(2)
// and write(2) on the socket: > 0 bytes, 0 at the end of the stream, -1
// with errno EAGAIN when the session waits for the socket (the handshake
// runs inside them), -1 with another errno (EPROTO for a TLS failure) when
// the connection is over.
#ifndef LC_COMMON_LISTEN_TLS_SERVER_H_
#define LC_COMMON_LISTEN_TLS_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "common/base/status.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace lc {

class TlsSession {
 public:
  explicit TlsSession(SSL* ssl) : ssl_(ssl) {}
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;
  ssize_t Read(char* buf, size_t n);
  ssize_t Write(const char* p, size_t n);

 private:
  ssize_t Result(int rc);
  SSL* ssl_;
};

class TlsServer {
 public:
  static Status Load(const std::string& cert_file, const std::string& key_file, std::unique_ptr<TlsServer>* out);
  ~TlsServer();
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;
  // A server-side session over the accepted socket `fd` (not owned).
  std::unique_ptr<TlsSession> Accept(int fd);

 private:
  explicit TlsServer(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_TLS_SERVER_H_
