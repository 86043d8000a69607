#include "common/listen/tls_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

namespace lc {
namespace {

// A self-signed P-256 certificate and its key, as PEM files in `dir`.
void MakeCert(const std::string& dir) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(nullptr, key);
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(x, X509_get_subject_name(x));
  ASSERT_GT(X509_sign(x, key, EVP_sha256()), 0);
  FILE* f = fopen((dir + "/cert.pem").c_str(), "w");
  PEM_write_X509(f, x);
  fclose(f);
  f = fopen((dir + "/key.pem").c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
}

class TlsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/lc-tls.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
    MakeCert(dir_);
  }
  void TearDown() override { (void)!system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
};

TEST_F(TlsServerTest, LoadErrorsNameTheFile) {
  std::unique_ptr<TlsServer> s;
  ASSERT_TRUE(TlsServer::Load(dir_ + "/cert.pem", dir_ + "/key.pem", &s).ok());
  Status st = TlsServer::Load(dir_ + "/missing.pem", dir_ + "/key.pem", &s);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ(0u, st.message().find(dir_ + "/missing.pem: not a PEM certificate"));
  st = TlsServer::Load(dir_ + "/cert.pem", dir_ + "/cert.pem", &s);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ(0u, st.message().find(dir_ + "/cert.pem: not a PEM private key"));
}

// A real handshake with an OpenSSL client over a socket pair, both ends
// non-blocking, driven in turns: no thread, no sleep.
TEST_F(TlsServerTest, HandshakeAndDataBothWays) {
  std::unique_ptr<TlsServer> server;
  ASSERT_TRUE(TlsServer::Load(dir_ + "/cert.pem", dir_ + "/key.pem", &server).ok());
  int sv[2];
  ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
  std::unique_ptr<TlsSession> session = server->Accept(sv[0]);
  SSL_CTX* cctx = SSL_CTX_new(TLS_client_method());
  SSL* client = SSL_new(cctx);
  SSL_set_fd(client, sv[1]);
  SSL_set_connect_state(client);
  char buf[64];
  std::string got;
  bool sent = false;
  for (int turn = 0; turn < 100 && got.size() < 5; turn++) {
    if (!sent) sent = SSL_write(client, "hello", 5) == 5;
    ssize_t n = session->Read(buf, sizeof buf);
    if (n > 0) got.append(buf, static_cast<size_t>(n));
    if (n < 0) {
      EXPECT_EQ(EAGAIN, errno);
    }
  }
  EXPECT_EQ("hello", got);
  EXPECT_EQ(5, session->Write("world", 5));
  int r = -1;
  for (int turn = 0; turn < 100 && r <= 0; turn++) r = SSL_read(client, buf, sizeof buf);
  ASSERT_EQ(5, r);
  EXPECT_EQ("world", std::string(buf, 5));
  SSL_shutdown(client);
  for (int turn = 0; turn < 10; turn++) {
    if (session->Read(buf, sizeof buf) == 0) break;
  }
  EXPECT_EQ(0, session->Read(buf, sizeof buf));
  SSL_free(client);
  SSL_CTX_free(cctx);
  session.reset();
  close(sv[0]);
  close(sv[1]);
}

TEST_F(TlsServerTest, NotTlsIsAnError) {
  std::unique_ptr<TlsServer> server;
  ASSERT_TRUE(TlsServer::Load(dir_ + "/cert.pem", dir_ + "/key.pem", &server).ok());
  int sv[2];
  ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
  std::unique_ptr<TlsSession> session = server->Accept(sv[0]);
  ASSERT_EQ(18, write(sv[1], "GET / HTTP/1.1\r\n\r\n", 18));
  char buf[64];
  EXPECT_EQ(-1, session->Read(buf, sizeof buf));
  EXPECT_EQ(EPROTO, errno);
  session.reset();
  close(sv[0]);
  close(sv[1]);
}

}  // namespace
}  // namespace lc
