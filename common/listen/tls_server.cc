#include "common/listen/tls_server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>

namespace lc {
namespace {

std::string LastError() {
  unsigned long e = ERR_get_error();
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return e == 0 ? "unknown TLS error" : buf;
}

}  // namespace

TlsSession::~TlsSession() {
  ERR_clear_error();
  SSL_shutdown(ssl_);  // best effort: a close_notify if the socket takes it
  SSL_free(ssl_);
  ERR_clear_error();
}

ssize_t TlsSession::Result(int rc) {
  if (rc > 0) return rc;
  int e = SSL_get_error(ssl_, rc);
  ERR_clear_error();
  switch (e) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE: errno = EAGAIN; return -1;
    case SSL_ERROR_ZERO_RETURN: return 0;
    case SSL_ERROR_SYSCALL:
      if (errno == 0) errno = ECONNRESET;
      return -1;
    default: errno = EPROTO; return -1;
  }
}

ssize_t TlsSession::Read(char* buf, size_t n) {
  ERR_clear_error();
  return Result(SSL_read(ssl_, buf, static_cast<int>(n > (1 << 30) ? (1 << 30) : n)));
}

ssize_t TlsSession::Write(const char* p, size_t n) {
  ERR_clear_error();
  return Result(SSL_write(ssl_, p, static_cast<int>(n > (1 << 30) ? (1 << 30) : n)));
}

Status TlsServer::Load(const std::string& cert_file, const std::string& key_file, std::unique_ptr<TlsServer>* out) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return Status::IOError("TLS: " + LastError());
  std::unique_ptr<TlsServer> s(new TlsServer(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    return Status::InvalidArgument(cert_file + ": not a PEM certificate (" + LastError() + ")");
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Status::InvalidArgument(key_file + ": not a PEM private key (" + LastError() + ")");
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return Status::InvalidArgument(key_file + ": does not match the certificate " + cert_file);
  }
  *out = std::move(s);
  return Status::OK();
}

TlsServer::~TlsServer() { SSL_CTX_free(ctx_); }

std::unique_ptr<TlsSession> TlsServer::Accept(int fd) {
  SSL* ssl = SSL_new(ctx_);
  if (ssl == nullptr) return nullptr;
  SSL_set_fd(ssl, fd);
  SSL_set_accept_state(ssl);
  return std::make_unique<TlsSession>(ssl);
}

}  // namespace lc
