// lc-sql: rows of a PostgreSQL or MySQL/MariaDB query in, records out,
// polled incrementally by a monotonic cursor column (man/lc-sql.1).
#include <poll.h>

#include <algorithm>
#include <cstdio>

#include "common/base/atomic_file.h"
#include "common/base/cli.h"
#include "common/base/host_name.h"
#include "common/base/signals.h"
#include "common/sql/sql_poller.h"

namespace {

int Fail(const lc::Status& s, int rc) {
  std::fprintf(stderr, "lc-sql: %s\n", s.message().c_str());
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Poll a PostgreSQL or MySQL/MariaDB query by a cursor column; one record per row.", "lc-sql"};
  lc::SetupCli(app);
  std::string dsn_text, dsn_file, query, interval = "10s", reconnect_max = "30s", query_timeout = "60s";
  int64_t timeout_ns = 0;
  lc::SqlPollerOptions o;
  app.add_option("--dsn", dsn_text, "postgresql://... or mysql://... (default $LCTK_SQL_DSN)")->envname("LCTK_SQL_DSN");
  app.add_option("--dsn-file", dsn_file, "Read the DSN from this file (a mounted Secret)");
  app.add_option("--query", query, "SELECT ... WHERE col > $1 ORDER BY col LIMIT n")->required();
  app.add_option("--cursor-column", o.record.cursor_column, "The increasing integer column ($1, lc.cursor)")->required();
  app.add_option("--cursor-start", o.start_cursor, "$1 of the first run (default 0)")->check(CLI::Range(int64_t{0}, INT64_MAX));
  app.add_option("--limit", o.limit, "The query's LIMIT: a shorter page ends the round")->check(CLI::Range(int64_t{0}, INT64_MAX));
  app.add_option("--interval", interval, "Wait between rounds (default 10s)");
  app.add_option("--checkpoint", o.checkpoint, "State file of the last cursor written (0600)");
  std::string commit;
  app.add_option("--commit", commit, "lc-ship's commit file: resume from what was delivered");
  app.add_option("--body-column", o.record.body_column, "This column's text is body (default: the row as JSON)");
  app.add_option("--time-column", o.record.time_column, "This column's value is time (default: when read)");
  std::vector<std::string> tag_args;
  app.add_option("--tag", tag_args, "KEY=VALUE added to every record; repeatable")->allow_extra_args(false);
  app.add_option("--reconnect-max", reconnect_max, "Longest wait between reconnects (default 30s)");
  app.add_option("--query-timeout", query_timeout, "One query's bound, whole seconds (default 60s)");
  app.add_flag("--once", o.once, "Run one round (until a short or empty page) and exit");
  // Usage errors quote the command line: parsed redacted first, so a mistyped
  // flag never prints a DSN's password; then for real.
  std::vector<std::string> shown(argv, argv + argc);
  std::vector<char*> shown_argv;
  for (std::string& a : shown) shown_argv.push_back((a = lc::RedactDsnPasswords(a)).data());
  if (int rc = lc::ParseCli(app, "lc-sql", argc, shown_argv.data()); rc >= 0) return rc;
  app.clear();
  if (int rc = lc::ParseCli(app, "lc-sql", argc, argv); rc >= 0) return rc;
  if (!lc::ParseDurationFlags("lc-sql", {{"--interval", &interval, &o.interval, true},
                                         {"--reconnect-max", &reconnect_max, &o.reconnect_max, true},
                                         {"--query-timeout", &query_timeout, &timeout_ns, true}})) {
    return 2;
  }
  if (!lc::ParseKeyValues(tag_args, "lc-sql", "--tag", &o.record.tags)) return 2;
  if (!dsn_file.empty()) {
    if (lc::Status s = lc::ReadWholeFile(dsn_file, &dsn_text); !s.ok()) return Fail(s, 2);
    while (!dsn_text.empty() && (dsn_text.back() == '\n' || dsn_text.back() == '\r' || dsn_text.back() == ' ')) {
      dsn_text.pop_back();
    }
  }
  if (dsn_text.empty()) return Fail(lc::Status::InvalidArgument("--dsn, --dsn-file or $LCTK_SQL_DSN is required"), 2);
  lc::SqlDsn dsn;
  if (lc::Status s = lc::SqlDsn::Parse(dsn_text, &dsn); !s.ok()) return Fail(lc::Status::InvalidArgument("--dsn: " + s.message()), 2);
  std::unique_ptr<lc::SqlConnection> conn;
  int timeout_s = static_cast<int>(std::clamp<int64_t>(timeout_ns / lc::kSeconds, 1, 86400));
  if (lc::Status s = lc::MakeSqlConnection(dsn, query, timeout_s, &conn); !s.ok()) return Fail(lc::Status::InvalidArgument("--query: " + s.message()), 2);
  o.record.source_key = lc::SqlSourceKey(dsn, query);
  o.record.host_name = lc::HostName();
  o.reconnect_min = std::min<int64_t>(250 * lc::kMillis, o.reconnect_max);
  std::string from;
  if (lc::Status s = lc::ResumeCursor(o.record.source_key, commit, o.checkpoint, o.start_cursor, &o.start_cursor, &from); !s.ok()) {
    return Fail(s, 2);
  }
  lc::InstallSignalHandlers();
  lc::OutputWriter out(1);
  auto wait = [](int64_t nanos) {
    pollfd p{lc::SignalFd(), POLLIN, 0};
    poll(&p, 1, static_cast<int>((nanos + lc::kMillis - 1) / lc::kMillis));
  };
  lc::SqlPoller poller(conn.get(), &out, lc::SystemClock(), o, wait, [] { return lc::StopSignal() != 0; },
                       [](const std::string& m) { std::fprintf(stderr, "lc-sql: %s\n", m.c_str()); });
  lc::Status s = poller.Run();
  if (!s.ok()) return Fail(s, s.IsInvalidArgument() ? 2 : 1);
  return lc::ExitStatusForStop(lc::StopSignal());
}
