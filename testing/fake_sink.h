// FakeSink: a Sink that answers from a script and keeps what it was sent,
// for the unit tests of lc-ship's loop (no network, no files).
#ifndef LC_COMMON_FAKE_SINK_H_
#define LC_COMMON_FAKE_SINK_H_

#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "common/ship/sink.h"

namespace lc {

class FakeSink : public Sink {
 public:
  // Answers in order; once used up, every record is delivered.
  void Answer(SendResult r) {
    std::lock_guard<std::mutex> l(mu_);
    script_.push_back(std::move(r));
  }
  void Fail(const std::string& why, int64_t retry_after = 0) {
    Answer(SendResult::Failed(Status::IOError(why), retry_after));
  }
  SendResult Send(const Batch& batch) override {
    std::lock_guard<std::mutex> l(mu_);
    std::vector<std::string_view> records = batch.Views();
    calls.emplace_back(records.begin(), records.end());
    batches.push_back(batch);
    SendResult r;
    if (!script_.empty()) {
      r = std::move(script_.front());
      script_.pop_front();
    }
    if (r.status.ok()) {
      for (size_t i = 0; i < records.size(); i++) {
        if (r.outcomes.empty() || r.outcomes[i] == SendResult::kDelivered) delivered.emplace_back(records[i]);
      }
    }
    return r;
  }
  std::vector<std::vector<std::string>> calls;  // the records of each Send
  std::vector<Batch> batches;                    // each Send's batch, whole
  std::vector<std::string> delivered;

 private:
  std::mutex mu_;
  std::deque<SendResult> script_;
};

}  // namespace lc

#endif  // LC_COMMON_FAKE_SINK_H_
