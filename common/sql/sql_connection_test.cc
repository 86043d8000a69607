#include "common/sql/sql_connection.h"

#include <gtest/gtest.h>

#include "common/sql/mariadb_connection.h"
#include "common/sql/pg_connection.h"

// The connections against real servers are tests/lc-sql.bats; here, what
// needs no server: the engine chosen and the query checked.
namespace lc {
namespace {

SqlDsn Dsn(const std::string& text) {
  SqlDsn d;
  EXPECT_TRUE(SqlDsn::Parse(text, &d).ok()) << text;
  return d;
}

TEST(SqlConnectionTest, TheDsnChoosesTheEngine) {
  std::unique_ptr<SqlConnection> c;
  ASSERT_TRUE(MakeSqlConnection(Dsn("postgresql:///db"), "SELECT id FROM t WHERE id > $1", 60, &c).ok());
  EXPECT_NE(dynamic_cast<PgConnection*>(c.get()), nullptr);
  ASSERT_TRUE(MakeSqlConnection(Dsn("mysql:///db"), "SELECT id FROM t WHERE id > $1", 60, &c).ok());
  EXPECT_NE(dynamic_cast<MariaDbConnection*>(c.get()), nullptr);
}

TEST(SqlConnectionTest, AQueryWithoutTheCursorIsRefusedBeforeConnecting) {
  std::unique_ptr<SqlConnection> c;
  Status s = MakeSqlConnection(Dsn("mysql:///db"), "SELECT id FROM t WHERE x = '$1'", 60, &c);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("no $1"), std::string::npos);
}

}  // namespace
}  // namespace lc
