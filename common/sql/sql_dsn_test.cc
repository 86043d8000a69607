#include "common/sql/sql_dsn.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(SqlDsnTest, PostgresUriIsParsedAndRedacted) {
  SqlDsn d;
  ASSERT_TRUE(SqlDsn::Parse("postgresql://app:s%40cret@db.example:5433/logs?sslmode=require", &d).ok());
  EXPECT_EQ(d.engine(), SqlDsn::kPostgres);
  EXPECT_EQ(d.user(), "app");
  EXPECT_EQ(d.password(), "s@cret");
  EXPECT_EQ(d.host(), "db.example");
  EXPECT_EQ(d.port(), 5433);
  EXPECT_EQ(d.database(), "logs");
  EXPECT_EQ(d.Redacted(), "postgresql://app:***@db.example:5433/logs?sslmode=require");
}

TEST(SqlDsnTest, PasswordParameterIsRedacted) {
  SqlDsn d;
  ASSERT_TRUE(SqlDsn::Parse("postgres:///logs?host=%2Ftmp&password=hunter2&user=u", &d).ok());
  EXPECT_EQ(d.password(), "hunter2");
  EXPECT_EQ(d.Redacted(), "postgres:///logs?host=%2Ftmp&password=***&user=u");
}

TEST(SqlDsnTest, MysqlSocketFromParameterOrEncodedHost) {
  SqlDsn d;
  ASSERT_TRUE(SqlDsn::Parse("mysql://root@/logs?socket=/tmp/my.sock", &d).ok());
  EXPECT_EQ(d.engine(), SqlDsn::kMariaDb);
  EXPECT_EQ(d.socket(), "/tmp/my.sock");
  EXPECT_EQ(d.host(), "");
  EXPECT_EQ(d.database(), "logs");
  ASSERT_TRUE(SqlDsn::Parse("mariadb://root:pw@%2Frun%2Fmy.sock/logs", &d).ok());
  EXPECT_EQ(d.socket(), "/run/my.sock");
  EXPECT_EQ(d.host(), "");
  EXPECT_EQ(d.Redacted(), "mariadb://root:***@%2Frun%2Fmy.sock/logs");
}

TEST(SqlDsnTest, Ipv6HostAndPort) {
  SqlDsn d;
  ASSERT_TRUE(SqlDsn::Parse("mysql://u@[::1]:3307/db", &d).ok());
  EXPECT_EQ(d.host(), "::1");
  EXPECT_EQ(d.port(), 3307);
}

TEST(SqlDsnTest, ErrorsNeverQuoteThePassword) {
  SqlDsn d;
  for (const char* bad : {"http://u:topsecret@h/db", "topsecret", "mysql://u:topsecret@h:99999/db",
                          "mysql://u:topsecret@h/db?sslmode=x", "mysql://u:top%zzsecret@h/db"}) {
    Status s = SqlDsn::Parse(bad, &d);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.message().find("topsecret"), std::string::npos) << s.message();
  }
}

TEST(SqlDsnTest, RedactReplacesThePasswordInMessages) {
  SqlDsn d;
  ASSERT_TRUE(SqlDsn::Parse("postgresql://u:p%2Fw@h/db", &d).ok());
  EXPECT_EQ(d.Redact("bad p/w and p%2Fw"), "bad *** and ***");
  ASSERT_TRUE(SqlDsn::Parse("postgresql://u@h/db", &d).ok());
  EXPECT_EQ(d.Redact("no password here"), "no password here");
}

TEST(SqlDsnTest, RedactDsnPasswordsInAnyText) {
  EXPECT_EQ(RedactDsnPasswords("unexpected: --dns=postgresql://app:s3cr:et@db:5432/logs x"),
            "unexpected: --dns=postgresql://app:***@db:5432/logs x");
  EXPECT_EQ(RedactDsnPasswords("mysql://u:p@h/a mysql://v@h/b?password=q&socket=/s"),
            "mysql://u:***@h/a mysql://v@h/b?password=***&socket=/s");
  EXPECT_EQ(RedactDsnPasswords("no uri here: http://host/path, a@b:c"), "no uri here: http://host/path, a@b:c");
}

TEST(SqlDsnTest, SourceKeyIgnoresThePasswordButNotTheQuery) {
  SqlDsn a, b, c;
  ASSERT_TRUE(SqlDsn::Parse("postgresql://u:one@h/db", &a).ok());
  ASSERT_TRUE(SqlDsn::Parse("postgresql://u:two@h/db", &b).ok());
  ASSERT_TRUE(SqlDsn::Parse("postgresql://u:one@h/other", &c).ok());
  std::string k = SqlSourceKey(a, "SELECT 1");
  EXPECT_EQ(k.size(), 4u + 16u);
  EXPECT_EQ(k.rfind("sql:", 0), 0u);
  EXPECT_EQ(k, SqlSourceKey(b, "SELECT 1"));
  EXPECT_NE(k, SqlSourceKey(a, "SELECT 2"));
  EXPECT_NE(k, SqlSourceKey(c, "SELECT 1"));
  // Pinned: saved commit files and checkpoints name this key.
  EXPECT_EQ(SqlSourceKey(a, "SELECT 1"), "sql:a41dfeec404e269c");
}

}  // namespace
}  // namespace lc
