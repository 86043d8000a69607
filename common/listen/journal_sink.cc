#include "common/listen/journal_sink.h"

#include <algorithm>
#include <chrono>

#include "common/base/file_system.h"
#include "common/json/json_escape.h"
#include "common/stream/commit_file.h"

namespace lc {

Status JournalSink::Open(const std::string& dir, int64_t max_bytes, const std::string& commit_file, OutputWriter* out,
                         Clock* clock, std::unique_ptr<JournalSink>* sink) {
  std::unique_ptr<JournalSink> j(new JournalSink());
  j->commit_file_ = commit_file;
  j->out_ = out;
  j->clock_ = clock;
  CursorMap cursors;
  if (Status s = LoadCommitFile(commit_file, &cursors); !s.ok()) return s;
  std::string key = "lc-listen:" + AbsolutePath(dir);
  int64_t committed = cursors.count(key) != 0 ? cursors[key] : 0;
  if (Status s = Journal::Open(dir, max_bytes, committed, &j->journal_); !s.ok()) return s;
  j->cursor_prefix_ = ",\"lc.cursor\":\"";
  AppendJsonEscaped(&j->cursor_prefix_, j->journal_->key());
  j->cursor_prefix_ += ':';
  j->pos_ = std::min(std::max(committed, j->journal_->begin()), j->journal_->durable_end());
  j->written_ = j->pos_;
  j->journal_->Prune(j->pos_);
  j->thread_ = std::thread([p = j.get()] { p->Run(); });
  *sink = std::move(j);
  return Status::OK();
}

JournalSink::~JournalSink() { Finish(); }

Status JournalSink::Commit() {
  Status s = journal_->Sync();
  cv_.notify_one();
  return s;
}

int64_t JournalSink::Committed() {
  CursorMap cursors;
  if (!LoadCommitFile(commit_file_, &cursors).ok()) return -1;
  auto it = cursors.find(journal_->key());
  return it == cursors.end() ? -1 : it->second;
}

void JournalSink::Tick() {
  int64_t now = clock_->MonoNanos();
  if (now < next_tick_) return;
  next_tick_ = now + kSeconds;
  int64_t committed = Committed();
  if (committed >= 0) journal_->Prune(std::min(committed, written_.load()));
}

Status JournalSink::Finish() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  return error_;
}

void JournalSink::Run() {
  std::string carry;
  std::unique_ptr<char[]> buf(new char[1 << 20]);
  for (;;) {
    int64_t end = journal_->durable_end();
    int64_t at = pos_ + static_cast<int64_t>(carry.size());
    if (at >= end) {
      if (Status s = out_->Flush(); !s.ok()) {
        error_ = s;
        closed_ = true;
        return;
      }
      if (out_->closed()) {
        closed_ = true;
        return;
      }
      std::unique_lock<std::mutex> l(mu_);
      if (stop_ && journal_->durable_end() <= at) return;
      cv_.wait_for(l, std::chrono::milliseconds(200), [&] { return stop_ || journal_->durable_end() > at; });
      continue;
    }
    size_t got = 0;
    if (Status s = journal_->Read(at, buf.get(), 1 << 20, &got); !s.ok() || got == 0) {
      error_ = s.ok() ? Status::Corruption("journal: nothing to read at " + std::to_string(at)) : s;
      closed_ = true;
      return;
    }
    carry.append(buf.get(), got);
    size_t start = 0;
    for (;;) {
      size_t nl = carry.find('\n', start);
      if (nl == std::string::npos) break;
      pos_ += static_cast<int64_t>(nl + 1 - start);
      written_.store(pos_, std::memory_order_relaxed);
      // The record without its closing "}\n", then its cursor.
      size_t body_end = nl > start && carry[nl - 1] == '}' ? nl - 1 : nl;
      out_->Append(carry.data() + start, body_end - start);
      out_->Append(cursor_prefix_);
      out_->Append(std::to_string(pos_));
      out_->Append("\"}\n");
      start = nl + 1;
      if (Status s = out_->MaybeFlush(); !s.ok()) {
        error_ = s;
        closed_ = true;
        return;
      }
      if (out_->closed()) break;
    }
    carry.erase(0, start);
    if (out_->closed()) {
      closed_ = true;
      return;
    }
  }
}

}  // namespace lc
