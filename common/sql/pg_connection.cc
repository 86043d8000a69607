#include "common/sql/pg_connection.h"

#include <postgresql/libpq-fe.h>

namespace lc {
namespace {

// Type OIDs of the pg_type catalog (fixed in every PostgreSQL release).
SqlType TypeOf(Oid oid) {
  switch (oid) {
    case 16: return SqlType::kBool;                      // bool
    case 20: case 21: case 23: case 26: return SqlType::kInteger;  // int8 int2 int4 oid
    case 700: case 701: case 1700: return SqlType::kNumber;        // float4 float8 numeric
    default: return SqlType::kText;
  }
}

// libpq's messages end with a newline and may span lines: one line here.
std::string OneLine(const char* m) {
  std::string s = m == nullptr ? "" : m;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return s.empty() ? "unknown error" : s;
}

}  // namespace

Status PgConnection::Error(const char* message) const {
  return Status::IOError(dsn_.Redacted() + ": " + dsn_.Redact(OneLine(message)));
}

Status PgConnection::Connect() {
  Close();
  // Later keywords win: the URI (expanded from "dbname") overrides these defaults.
  std::string options = "-c TimeZone=UTC -c statement_timeout=" + std::to_string(timeout_s_ * 1000);
  std::string tcp_timeout = std::to_string(timeout_s_ * 1000);
  const char* keys[] = {"connect_timeout", "application_name", "options", "tcp_user_timeout", "keepalives_idle",
                        "dbname", nullptr};
  const char* values[] = {"10", "lc-sql", options.c_str(), tcp_timeout.c_str(), "30", dsn_.text().c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn_ == nullptr) return Status::IOError(dsn_.Redacted() + ": out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    Status s = Error(PQerrorMessage(conn_));
    Close();
    return s;
  }
  return Status::OK();
}

void PgConnection::Close() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
}

Status PgConnection::Query(int64_t cursor, SqlResult* out) {
  if (conn_ == nullptr) return Status::IOError(dsn_.Redacted() + ": not connected");
  std::string value = std::to_string(cursor);
  const char* params[] = {value.c_str()};
  PGresult* r = PQexecParams(conn_, query_.c_str(), 1, nullptr, params, nullptr, nullptr, 0);
  if (r == nullptr) return Error(PQerrorMessage(conn_));
  Status s;
  ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_TUPLES_OK) {
    out->columns.clear();
    out->rows.clear();
    int ncols = PQnfields(r), nrows = PQntuples(r);
    for (int c = 0; c < ncols; ++c) out->columns.push_back({PQfname(r, c), TypeOf(PQftype(r, c))});
    out->rows.resize(nrows);
    for (int i = 0; i < nrows; ++i) {
      std::vector<SqlValue>& row = out->rows[i];
      row.resize(ncols);
      for (int c = 0; c < ncols; ++c) {
        row[c].null = PQgetisnull(r, i, c) != 0;
        if (!row[c].null) row[c].text.assign(PQgetvalue(r, i, c), PQgetlength(r, i, c));
      }
    }
  } else if (st == PGRES_COMMAND_OK) {
    s = Status::IOError(dsn_.Redacted() + ": the query returns no rows (not a SELECT?)");
  } else {
    s = Error(PQresultErrorMessage(r));
  }
  PQclear(r);
  return s;
}

}  // namespace lc
