// MariaDbConnection: a SqlConnection to MariaDB or MySQL through
// libmariadb (the text protocol).
//
// Connects with the DSN's user, password, host/port or socket and database,
// character set utf8mb4, a 10 s connect timeout, and the session's
// time_zone '+00:00' (TIMESTAMP values in UTC).  The text protocol has
// no parameters: each $1 is replaced by the cursor's decimal digits
// (BindCursorLiteral), which lc-sql formats from an int64 itself.  A column's
// type class comes from its field type: TINY..LONGLONG, INT24 and YEAR
// integers; FLOAT, DOUBLE and DECIMAL numbers; everything else text
// (binary columns as their exact bytes: RowRecord keeps bytes that are not
// UTF-8 in base64).
#ifndef LC_COMMON_SQL_MARIADB_CONNECTION_H_
#define LC_COMMON_SQL_MARIADB_CONNECTION_H_

#include <string>
#include <vector>

#include "common/sql/sql_connection.h"

struct st_mysql;

namespace lc {

class MariaDbConnection : public SqlConnection {
 public:
  // `placeholders`: the offsets of $1 in `query` (FindCursorPlaceholders).
  MariaDbConnection(SqlDsn dsn, std::string query, std::vector<size_t> placeholders, int timeout_s = 60)
      : dsn_(std::move(dsn)), query_(std::move(query)), placeholders_(std::move(placeholders)), timeout_s_(timeout_s) {}
  ~MariaDbConnection() override { Close(); }
  MariaDbConnection(const MariaDbConnection&) = delete;
  MariaDbConnection& operator=(const MariaDbConnection&) = delete;

  Status Connect() override;
  void Close() override;
  Status Query(int64_t cursor, SqlResult* out) override;

 private:
  Status Error() const;

  SqlDsn dsn_;
  std::string query_;
  std::vector<size_t> placeholders_;
  int timeout_s_;
  st_mysql* conn_ = nullptr;
};

}  // namespace lc

#endif  // LC_COMMON_SQL_MARIADB_CONNECTION_H_
