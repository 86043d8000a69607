// Sink: where lc-ship delivers a batch of records, and what it says back.
//
// Send() gets the Batch itself (common/ship/batch.h): its records as one
// contiguous NDJSON text (`data`, each record followed by '\n', ready to be
// written or posted as it is), the span of each record in it (outcomes are
// indexed like spans), and the last cursor per source.  Send() tries once
// (a sink may split a batch internally, as the HTTP sinks do on 413) and
// reports, per record, one of:
//   delivered  the sink has it (or had it already): commit may pass it
//   retry      not taken this time (429, 5xx, a lost connection): the caller
//              resends it, after a backoff that respects retry_after_nanos
//   reject     refused for good (a 400): never resent; the caller writes it
//              to the dead-letter file with its reason and counts it, and
//              commit may pass it
// or that the destination is gone for good (`closed`: stdout's reader went
// away, EPIPE): lc-ship then ends quietly, leaving the batch uncommitted.
// Send() is called from one thread at a time per Sink object.
#ifndef LC_COMMON_SINK_H_
#define LC_COMMON_SINK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/ship/batch.h"

namespace lc {

struct SendResult {
  enum Outcome : uint8_t { kDelivered, kRetry, kReject };

  // Not OK: the whole batch failed (nothing known delivered), retry it all;
  // the message says why, naming the sink ("http://host:9200: 503 ...").
  Status status;
  // When status is OK: one per record; empty means all delivered.
  std::vector<Outcome> outcomes;
  // Parallel to outcomes (or empty): the reason of each reject / retry.
  // PerRecord() leaves it empty until a record gets a reason, so a batch
  // delivered whole builds and frees no string per record (lc-ship's HTTP
  // sinks spent ~100 instructions a record on empty reasons; issue 12).
  std::vector<std::string> reasons;
  // The server asked to wait this long before the next attempt (0: no ask).
  int64_t retry_after_nanos = 0;
  // Records the server accepted but said it dropped, without saying which
  // (OTLP partialSuccess.rejectedLogRecords); counted, not resent.
  int64_t server_rejected = 0;
  std::string server_message;
  // The destination is gone for good (EPIPE on stdout): nothing delivered,
  // no use resending; the caller stops.
  bool closed = false;

  static SendResult AllDelivered() { return SendResult(); }
  // `n` records, each delivered until Mark()ed otherwise (for sinks that
  // learn the fate of parts of a batch; FinishResult() normalises it).
  static SendResult PerRecord(size_t n) {
    SendResult r;
    r.outcomes.assign(n, kDelivered);
    return r;
  }
  // Records [begin, end) of a PerRecord() result get one outcome and reason
  // (an empty reason: none, as for a record never marked).
  void Mark(size_t begin, size_t end, Outcome o, const std::string& reason) {
    for (size_t i = begin; i < end; ++i) outcomes[i] = o;
    if (reason.empty() && reasons.empty()) return;
    if (reasons.empty()) reasons.resize(outcomes.size());
    for (size_t i = begin; i < end; ++i) reasons[i] = reason;
  }
  // Record i of a PerRecord() result gets `reason`.
  void SetReason(size_t i, std::string reason) {
    if (reasons.empty()) reasons.resize(outcomes.size());
    reasons[i] = std::move(reason);
  }
  static SendResult Closed(Status s) {
    SendResult r;
    r.status = std::move(s);
    r.closed = true;
    return r;
  }
  static SendResult Failed(Status s, int64_t retry_after = 0) {
    SendResult r;
    r.status = std::move(s);
    r.retry_after_nanos = retry_after;
    return r;
  }
};

// Normalises a per-record result: every record delivered -> empty
// outcomes; every record to retry -> a failed Status carrying the first
// reason (so the caller backs off as for any failure).
inline SendResult FinishResult(SendResult r) {
  bool all_delivered = true, all_retry = !r.outcomes.empty();
  for (SendResult::Outcome o : r.outcomes) {
    all_delivered &= o == SendResult::kDelivered;
    all_retry &= o == SendResult::kRetry;
  }
  if (all_delivered) {
    r.outcomes.clear();
    r.reasons.clear();
  } else if (all_retry) {
    std::string why = r.reasons.empty() ? std::string("not delivered") : r.reasons[0];
    r.outcomes.clear();
    r.reasons.clear();
    r.status = Status::IOError(why);
  }
  return r;
}

class Sink {
 public:
  virtual ~Sink() = default;
  virtual SendResult Send(const Batch& batch) = 0;
};

}  // namespace lc

#endif  // LC_COMMON_SINK_H_
