#include "common/sql/sql_poller.h"

#include <algorithm>

#include "common/stream/commit_file.h"

namespace lc {

Status ResumeCursor(const std::string& key, const std::string& commit, const std::string& checkpoint,
                    int64_t start, int64_t* cursor, std::string* from) {
  CursorMap m;
  // A broken checkpoint is refused even when the commit file decides: it
  // would be overwritten at start otherwise, and it is someone's mistake.
  if (!commit.empty() && !checkpoint.empty()) {
    if (Status s = LoadCommitFile(checkpoint, &m); !s.ok()) return s;
  }
  const std::string& file = commit.empty() ? checkpoint : commit;
  *cursor = start;
  *from = "--cursor-start";
  if (file.empty()) return Status::OK();
  Status s = LoadCommitFile(file, &m);
  if (!s.ok()) return s;
  auto it = m.find(key);
  if (it != m.end()) {
    *cursor = it->second;
    *from = (commit.empty() ? "the checkpoint " : "the commit file ") + file;
  }
  return Status::OK();
}

SqlPoller::SqlPoller(SqlConnection* conn, OutputWriter* out, Clock* clock, SqlPollerOptions opts, Wait wait,
                     std::function<bool()> stopping, Log log)
    : conn_(conn),
      out_(out),
      clock_(clock),
      opts_(std::move(opts)),
      record_(opts_.record),
      wait_(std::move(wait)),
      stopping_(std::move(stopping)),
      log_(std::move(log)),
      cursor_(opts_.start_cursor) {}

bool SqlPoller::WaitFor(int64_t nanos) {
  int64_t deadline = clock_->MonoNanos() + nanos;
  for (int64_t now = clock_->MonoNanos(); now < deadline && !stopping_(); now = clock_->MonoNanos()) {
    wait_(deadline - now);
  }
  return !stopping_();
}

bool SqlPoller::Reconnect(const Status& why) {
  if (!in_outage_) {
    log_(why.message() + " (reconnecting; polling goes on from cursor " + std::to_string(cursor_) + ")");
    in_outage_ = true;
    backoff_ = opts_.reconnect_min;
  }
  conn_->Close();
  for (;;) {
    if (!WaitFor(backoff_)) return false;
    backoff_ = std::min(backoff_ * 2, opts_.reconnect_max);
    if (conn_->Connect().ok()) return true;
  }
}

Status SqlPoller::WritePage(const SqlResult& page, bool* more) {
  *more = false;
  if (Status s = record_.SetColumns(page.columns); !s.ok()) return s;
  std::vector<int64_t> cursors(page.rows.size());
  int64_t last = cursor_;
  for (size_t i = 0; i < page.rows.size(); ++i) {
    if (Status s = record_.CursorOf(page.rows[i], &cursors[i]); !s.ok()) return s;
    if (cursors[i] <= last) {
      const std::string& col = opts_.record.cursor_column;
      return Status::InvalidArgument("--cursor-column " + col + ": " + std::to_string(cursors[i]) + " came after " +
                                     std::to_string(last) + ": the query must keep \"" + col +
                                     " > $1\" and ORDER BY " + col + ", and " + col + " must be unique");
    }
    last = cursors[i];
  }
  if (page.rows.empty()) return Status::OK();
  int64_t now = clock_->NowNanos();
  for (size_t i = 0; i < page.rows.size(); ++i) {
    buf_.clear();
    record_.Append(page.rows[i], now, cursors[i], &buf_);
    out_->Append(buf_);
    if (Status s = out_->MaybeFlush(); !s.ok()) return s;
  }
  if (Status s = out_->Flush(); !s.ok()) return s;
  if (out_->closed()) return Status::OK();
  cursor_ = last;
  rows_ += static_cast<int64_t>(page.rows.size());
  *more = opts_.limit <= 0 || static_cast<int64_t>(page.rows.size()) >= opts_.limit;
  return SaveCheckpoint();
}

Status SqlPoller::SaveCheckpoint() {
  if (opts_.checkpoint.empty()) return Status::OK();
  Status s = SaveCommitFile(opts_.checkpoint, CursorMap{{opts_.record.source_key, cursor_}});
  return s.ok() ? s : Status::IOError("--checkpoint " + opts_.checkpoint + ": " + s.message());
}

Status SqlPoller::Run() {
  // Written once before anything is read, so an unwritable place is a
  // configuration error now rather than a failure after the first page.
  if (Status s = SaveCheckpoint(); !s.ok()) return Status::InvalidArgument(s.message());
  if (Status s = conn_->Connect(); !s.ok()) return Status::InvalidArgument(s.message());
  bool first = true;
  for (;;) {
    bool more = true;
    while (more) {
      if (stopping_()) return Status::OK();
      SqlResult page;
      Status q = conn_->Query(cursor_, &page);
      if (!q.ok()) {
        if (first) return Status::InvalidArgument(q.message());
        // Under cron, a run that waits out an outage would pile up behind
        // the next one: it ends, and the next run goes on from the checkpoint.
        if (opts_.once) return Status::IOError(q.message());
        if (!Reconnect(q)) return Status::OK();
        continue;
      }
      first = false;
      in_outage_ = false;
      if (Status s = WritePage(page, &more); !s.ok()) return s;
      if (out_->closed()) return Status::OK();
    }
    if (opts_.once || !WaitFor(opts_.interval)) return Status::OK();
  }
}

}  // namespace lc
