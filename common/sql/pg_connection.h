// PgConnection: a SqlConnection to PostgreSQL through libpq.
//
// The DSN's URI goes to libpq as it is (every libpq parameter and PG*
// environment variable works), with connect_timeout 10 s, application_name
// lc-sql and the session in UTC (options=-c TimeZone=UTC, so timestamptz
// values come back in UTC) unless the URI says otherwise.  $1 is a real
// bound parameter (PQexecParams, text format, type inferred by the server
// from the query); results come in text format, and a column's type class
// comes from its type OID: int2/int4/int8/oid integers; float4/float8/
// numeric numbers; bool; everything else text (bytea as PostgreSQL's
// "\x..." hex, which is plain ASCII and exact).
#ifndef LC_COMMON_SQL_PG_CONNECTION_H_
#define LC_COMMON_SQL_PG_CONNECTION_H_

#include <string>

#include "common/sql/sql_connection.h"

struct pg_conn;

namespace lc {

class PgConnection : public SqlConnection {
 public:
  PgConnection(SqlDsn dsn, std::string query, int timeout_s = 60)
      : dsn_(std::move(dsn)), query_(std::move(query)), timeout_s_(timeout_s) {}
  ~PgConnection() override { Close(); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Status Connect() override;
  void Close() override;
  Status Query(int64_t cursor, SqlResult* out) override;

 private:
  Status Error(const char* message) const;

  SqlDsn dsn_;
  std::string query_;
  int timeout_s_;
  pg_conn* conn_ = nullptr;
};

}  // namespace lc

#endif  // LC_COMMON_SQL_PG_CONNECTION_H_
