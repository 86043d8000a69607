// FakeSqlConnection: a SqlConnection over an in-memory table (id, msg), for
// SqlPoller's tests.  Query returns the rows with id > $1 in id order, at
// most `limit` of them, like "SELECT id, msg FROM t WHERE id > $1 ORDER BY
// id LIMIT n".  A test can take the server down (Connect and Query fail
// until it comes back), make queries fail, script whole results, and run a
// hook before each query (rows inserted while polling).
#ifndef LC_TESTING_FAKE_SQL_CONNECTION_H_
#define LC_TESTING_FAKE_SQL_CONNECTION_H_

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/sql/sql_connection.h"

namespace lc {

class FakeSqlConnection : public SqlConnection {
 public:
  explicit FakeSqlConnection(int64_t limit = 1000) : limit_(limit) {}

  Status Connect() override;
  void Close() override { connected_ = false; }
  Status Query(int64_t cursor, SqlResult* out) override;

  void AddRow(int64_t id, std::string msg) { table_[id] = std::move(msg); }

  bool down = false;                      // Connect and Query fail ("server gone")
  int failing_queries = 0;                // the next n queries fail, connection kept
  std::deque<SqlResult> scripted;         // returned instead of the table, first first
  std::function<void(int64_t cursor)> before_query;  // runs first in each Query

  int connects = 0;              // successful Connect calls
  std::vector<int64_t> queries;  // the $1 of each Query, failed ones too

 private:
  int64_t limit_;
  bool connected_ = false;
  std::map<int64_t, std::string> table_;
};

}  // namespace lc

#endif  // LC_TESTING_FAKE_SQL_CONNECTION_H_
