// SqlConnection: one database that lc-sql polls, behind one interface
// (PgConnection over libpq, MariaDbConnection over libmariadb; a fake in
// testing/ for SqlPoller's tests).
//
// A connection is made for one query, given at creation; Query runs it with
// $1 bound to a cursor value and returns the whole result (a page: the
// query's LIMIT bounds it).  Values come back as the server's text form
// with a type class per column, which is all RowRecord needs to write typed
// fields.
//
// Errors are IOError values whose message is the redacted DSN and the
// server's own message ("postgresql://app:***@db/logs: ERROR: relation
// \"t\" does not exist"): never the password.  After any error the caller
// may Close and Connect again.
#ifndef LC_COMMON_SQL_SQL_CONNECTION_H_
#define LC_COMMON_SQL_SQL_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/sql/sql_dsn.h"

namespace lc {

// How a column's values are written as JSON (RowRecord).
enum class SqlType {
  kText,     // a string (bytes that are not UTF-8 kept in base64 beside it)
  kInteger,  // a JSON number
  kNumber,   // a JSON number when the text is one (not NaN, Infinity)
  kBool,     // PostgreSQL's t/f as true/false
};

struct SqlColumn {
  std::string name;
  SqlType type = SqlType::kText;
};

struct SqlValue {
  bool null = false;
  std::string text;  // the server's text form, exact bytes
};

struct SqlResult {
  std::vector<SqlColumn> columns;
  std::vector<std::vector<SqlValue>> rows;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Connects (again, after Close).
  virtual Status Connect() = 0;
  virtual void Close() = 0;
  // Runs the query with $1 = `cursor`.  A statement that returns no result
  // set (not a SELECT) is an error.
  virtual Status Query(int64_t cursor, SqlResult* out) = 0;
};

// The connection for the DSN's engine, for `query`.  InvalidArgument when
// the query has no usable $1 (sql_placeholder.h).  Does not connect.
// `timeout_s` (--query-timeout) bounds one query: a server that hangs, or a
// network that drops the connection silently, gives an IOError, not a
// stuck poller.  PostgreSQL: statement_timeout (the server cancels it) and
// tcp_user_timeout; MariaDB: the client's read and write timeouts
// (libmariadb retries a read, so up to three times that).
Status MakeSqlConnection(const SqlDsn& dsn, const std::string& query, int timeout_s,
                         std::unique_ptr<SqlConnection>* out);

}  // namespace lc

#endif  // LC_COMMON_SQL_SQL_CONNECTION_H_
