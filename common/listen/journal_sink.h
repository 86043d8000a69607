// JournalSink: the RecordSink of --journal: records go to the Journal, and
// a thread of their own copies them from the journal to stdout, each with
// its lc.cursor (the journal offset just past it), so a slow reader of
// stdout holds up nothing until the journal is full.
//
// Contract:
//  - Commit syncs the journal (the loop acknowledges after it) and wakes
//    the stdout thread.
//  - At start, stdout resumes from the commit file's offset for the
//    journal's key (lc-ship --commit writes it): what lc-ship had not
//    delivered when it, or lc-listen, was killed is written again (at least
//    once; duplicates are what was in flight).
//  - Tick re-reads the commit file (at most once a second) and prunes the
//    segments it covers, never past what stdout has had (a commit file
//    that claims more is not believed); full() is the journal's.
//  - Stop (the destructor, or Finish) lets the thread write out everything
//    journaled, then joins it.
#ifndef LC_COMMON_LISTEN_JOURNAL_SINK_H_
#define LC_COMMON_LISTEN_JOURNAL_SINK_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/base/clock.h"
#include "common/base/output_writer.h"
#include "common/listen/journal.h"
#include "common/listen/record_sink.h"

namespace lc {

class JournalSink : public RecordSink {
 public:
  // Opens the journal in `dir` (Journal::Open's errors), reading
  // `commit_file` for where stdout resumes (InvalidArgument when it is not
  // a commit file: the caller exits 2).
  static Status Open(const std::string& dir, int64_t max_bytes, const std::string& commit_file, OutputWriter* out,
                     Clock* clock, std::unique_ptr<JournalSink>* sink);
  ~JournalSink() override;

  void Append(std::string_view lines) override { journal_->Append(lines); }
  Status Commit() override;
  bool closed() const override { return closed_.load(); }
  bool full() const override { return journal_->full(); }
  void Tick() override;
  // Writes everything journaled to stdout, stops the thread; its error.
  Status Finish();

 private:
  JournalSink() = default;
  void Run();
  int64_t Committed();

  std::unique_ptr<Journal> journal_;
  std::string commit_file_;
  OutputWriter* out_ = nullptr;
  Clock* clock_ = nullptr;
  int64_t next_tick_ = 0;
  std::string cursor_prefix_;  // ,"lc.cursor":"<key>:
  int64_t pos_ = 0;            // the journal offset stdout has reached (thread)
  std::atomic<int64_t> written_{0};  // pos_, for Tick: never prune what stdout has not had
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::atomic<bool> closed_{false};
  Status error_;  // the thread's, read after join
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_JOURNAL_SINK_H_
