#include "common/sql/pg_connection.h"

#include <gtest/gtest.h>

// Against a real server: tests/lc-sql.bats.  Here, what needs none: a
// connection that fails says the redacted DSN on one line, never the
// password, and a query without a connection is an error, not a crash.
namespace lc {
namespace {

TEST(PgConnectionTest, AFailedConnectionSaysTheRedactedDsnNotThePassword) {
  SqlDsn d;
  ASSERT_TRUE(SqlDsn::Parse("postgresql://u:Hunter2Pw@/db?host=/nonexistent-lc-sql-dir", &d).ok());
  PgConnection c(d, "SELECT id FROM t WHERE id > $1");
  Status s = c.Connect();
  EXPECT_TRUE(s.IsIOError());
  EXPECT_EQ(s.message().rfind(d.Redacted() + ": ", 0), 0u) << s.message();
  EXPECT_EQ(s.message().find("Hunter2Pw"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find('\n'), std::string::npos) << s.message();
  SqlResult r;
  EXPECT_TRUE(c.Query(0, &r).IsIOError());
}

}  // namespace
}  // namespace lc
