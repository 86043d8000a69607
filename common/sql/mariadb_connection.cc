#include "common/sql/mariadb_connection.h"

#include <mariadb/mysql.h>

#include "common/sql/sql_placeholder.h"

namespace lc {
namespace {

SqlType TypeOf(enum enum_field_types t) {
  switch (t) {
    case MYSQL_TYPE_TINY: case MYSQL_TYPE_SHORT: case MYSQL_TYPE_LONG: case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_INT24: case MYSQL_TYPE_YEAR:
      return SqlType::kInteger;
    case MYSQL_TYPE_FLOAT: case MYSQL_TYPE_DOUBLE: case MYSQL_TYPE_DECIMAL: case MYSQL_TYPE_NEWDECIMAL:
      return SqlType::kNumber;
    default:
      return SqlType::kText;
  }
}

}  // namespace

Status MariaDbConnection::Error() const {
  std::string m = conn_ == nullptr ? "out of memory" : mysql_error(conn_);
  if (m.empty()) m = "unknown error";
  return Status::IOError(dsn_.Redacted() + ": " + dsn_.Redact(m));
}

Status MariaDbConnection::Connect() {
  Close();
  conn_ = mysql_init(nullptr);
  if (conn_ == nullptr) return Error();
  unsigned int timeout = 10;
  mysql_options(conn_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  unsigned int io_timeout = static_cast<unsigned>(timeout_s_);
  mysql_options(conn_, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
  mysql_options(conn_, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
  mysql_options(conn_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
  if (mysql_real_connect(conn_, opt(dsn_.host()), opt(dsn_.user()), opt(dsn_.password()), opt(dsn_.database()),
                         static_cast<unsigned>(dsn_.port()), opt(dsn_.socket()), 0) == nullptr) {
    Status s = Error();
    Close();
    return s;
  }
  // TIMESTAMP values (and NOW()) in UTC, as --time-column expects.
  if (mysql_query(conn_, "SET time_zone = '+00:00'") != 0) {
    Status s = Error();
    Close();
    return s;
  }
  return Status::OK();
}

void MariaDbConnection::Close() {
  if (conn_ != nullptr) mysql_close(conn_);
  conn_ = nullptr;
}

Status MariaDbConnection::Query(int64_t cursor, SqlResult* out) {
  if (conn_ == nullptr) return Status::IOError(dsn_.Redacted() + ": not connected");
  std::string sql = BindCursorLiteral(query_, placeholders_, cursor);
  if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) return Error();
  MYSQL_RES* r = mysql_store_result(conn_);
  if (r == nullptr) {
    if (mysql_field_count(conn_) != 0) return Error();
    return Status::IOError(dsn_.Redacted() + ": the query returns no rows (not a SELECT?)");
  }
  out->columns.clear();
  out->rows.clear();
  unsigned ncols = mysql_num_fields(r);
  MYSQL_FIELD* fields = mysql_fetch_fields(r);
  for (unsigned c = 0; c < ncols; ++c) out->columns.push_back({fields[c].name, TypeOf(fields[c].type)});
  while (MYSQL_ROW row = mysql_fetch_row(r)) {
    unsigned long* len = mysql_fetch_lengths(r);
    std::vector<SqlValue>& v = out->rows.emplace_back(ncols);
    for (unsigned c = 0; c < ncols; ++c) {
      v[c].null = row[c] == nullptr;
      if (!v[c].null) v[c].text.assign(row[c], len[c]);
    }
  }
  Status s = mysql_errno(conn_) != 0 ? Error() : Status::OK();
  mysql_free_result(r);
  return s;
}

}  // namespace lc
