#include "common/sql/sql_connection.h"

#include "common/sql/mariadb_connection.h"
#include "common/sql/pg_connection.h"
#include "common/sql/sql_placeholder.h"

namespace lc {

Status MakeSqlConnection(const SqlDsn& dsn, const std::string& query, int timeout_s,
                         std::unique_ptr<SqlConnection>* out) {
  std::vector<size_t> at;
  bool pg = dsn.engine() == SqlDsn::kPostgres;
  Status s = FindCursorPlaceholders(query, pg ? SqlDialect::kPostgres : SqlDialect::kMySql, &at);
  if (!s.ok()) return s;
  if (pg) {
    *out = std::make_unique<PgConnection>(dsn, query, timeout_s);
  } else {
    *out = std::make_unique<MariaDbConnection>(dsn, query, std::move(at), timeout_s);
  }
  return Status::OK();
}

}  // namespace lc
