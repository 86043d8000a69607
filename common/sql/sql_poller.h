// SqlPoller: incremental polling of one query by a monotonic cursor column
// (lc-sql(1)): the rounds, the interval between them, reconnecting after an
// outage, and the checkpoint.
//
// A round runs the query with $1 = the last cursor, writes one record per
// row (RowRecord), flushes them to stdout, saves the checkpoint, and runs
// it again from the new cursor, until a page comes back empty or shorter
// than --limit.  Between rounds it waits --interval.  Each page is checked
// whole before any of it is written: every cursor value an integer, each
// greater than the one before it (the query keeps "> $1" and ORDER BY the
// cursor column), else InvalidArgument (exit 2).
//
// The checkpoint is written at start too: a place that cannot be written
// is InvalidArgument before anything is read.
//
// Failures: the first connection or the first query failing is
// InvalidArgument (a bad DSN or query: exit 2, the server's message).
// Later, any failed query is an outage: one line to `log`, the connection
// closed, and reconnection tried after a backoff that doubles from
// reconnect_min up to reconnect_max; the outage ends at the next query
// that succeeds, which runs from the last cursor written.  With --once, a
// later failure ends the run instead: IOError (exit 1).  Rows are never
// skipped: the cursor moves only past rows written and flushed.
//
// Time comes from `clock` and every wait goes through `wait` (which
// returns early on a stop signal), so tests drive it with FakeClock and
// never sleep.  `stopping` is asked between pages and waits: a stop ends
// the run after the page being written, checkpoint saved.
#ifndef LC_COMMON_SQL_SQL_POLLER_H_
#define LC_COMMON_SQL_SQL_POLLER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "common/base/clock.h"
#include "common/base/output_writer.h"
#include "common/base/status.h"
#include "common/sql/row_record.h"
#include "common/sql/sql_connection.h"

namespace lc {

struct SqlPollerOptions {
  RowRecordOptions record;
  int64_t start_cursor = 0;  // ResumeCursor
  int64_t interval = 10 * kSeconds;
  int64_t limit = 0;  // the query's LIMIT when known: a shorter page ends the round
  bool once = false;
  std::string checkpoint;  // "" for none
  int64_t reconnect_min = 250 * kMillis;
  int64_t reconnect_max = 30 * kSeconds;
};

// Where polling starts for source `key`: with a commit file (`commit` not
// ""), its offset for the key, or `start` when it has none (nothing of this
// source delivered yet); else the checkpoint's offset for the key; else
// `start`.  `*from` says which, for the log.  InvalidArgument naming the
// file when one is not a commit-file-format file.
Status ResumeCursor(const std::string& key, const std::string& commit, const std::string& checkpoint,
                    int64_t start, int64_t* cursor, std::string* from);

class SqlPoller {
 public:
  using Wait = std::function<void(int64_t nanos)>;
  using Log = std::function<void(const std::string&)>;

  SqlPoller(SqlConnection* conn, OutputWriter* out, Clock* clock, SqlPollerOptions opts, Wait wait,
            std::function<bool()> stopping, Log log);

  // OK when --once is done, on a stop, or when stdout's reader went away;
  // InvalidArgument for the exit-2 cases above; IOError when stdout or the
  // checkpoint cannot be written, or for a failure after the first query
  // with --once.
  Status Run();

  int64_t cursor() const { return cursor_; }
  int64_t rows() const { return rows_; }

 private:
  // Writes one page; `*more` says whether the round goes on.
  Status WritePage(const SqlResult& page, bool* more);
  // Saves the cursor to --checkpoint, if any.
  Status SaveCheckpoint();
  // Waits `nanos` unless stopped; false when stopped.
  bool WaitFor(int64_t nanos);
  // After a failed query: closes, then reconnects with backoff; false when stopped.
  bool Reconnect(const Status& why);

  SqlConnection* conn_;
  OutputWriter* out_;
  Clock* clock_;
  SqlPollerOptions opts_;
  RowRecord record_;
  Wait wait_;
  std::function<bool()> stopping_;
  Log log_;
  int64_t cursor_;
  int64_t rows_ = 0;
  bool in_outage_ = false;
  int64_t backoff_ = 0;
  std::string buf_;
};

}  // namespace lc

#endif  // LC_COMMON_SQL_SQL_POLLER_H_
