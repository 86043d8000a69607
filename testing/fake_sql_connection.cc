#include "testing/fake_sql_connection.h"

namespace lc {

Status FakeSqlConnection::Connect() {
  if (down) return Status::IOError("fake://db: connection refused");
  connected_ = true;
  ++connects;
  return Status::OK();
}

Status FakeSqlConnection::Query(int64_t cursor, SqlResult* out) {
  if (before_query) before_query(cursor);
  queries.push_back(cursor);
  if (down || !connected_) {
    connected_ = false;
    return Status::IOError("fake://db: server closed the connection unexpectedly");
  }
  if (failing_queries > 0) {
    --failing_queries;
    return Status::IOError("fake://db: ERROR: relation \"t\" does not exist");
  }
  if (!scripted.empty()) {
    *out = std::move(scripted.front());
    scripted.pop_front();
    return Status::OK();
  }
  out->columns = {{"id", SqlType::kInteger}, {"msg", SqlType::kText}};
  out->rows.clear();
  for (auto it = table_.upper_bound(cursor); it != table_.end() && static_cast<int64_t>(out->rows.size()) < limit_; ++it) {
    out->rows.push_back({SqlValue{false, std::to_string(it->first)}, SqlValue{false, it->second}});
  }
  return Status::OK();
}

}  // namespace lc
