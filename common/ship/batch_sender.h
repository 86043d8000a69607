// BatchSender: delivers one batch to one Sink, at least once.
//
// One attempt after another until every record is resolved:
//   delivered      the sink acknowledged it
//   dead-lettered  the sink refused it for good, or --retry-max ran out
//                  (common/ship/dead_letter.h; counted as dead_lettered/dropped)
//   spooled        written durably to the disk spool (when there is one)
// Records the sink wants again are resent alone, as a new Batch holding
// copies of just them (BatchOf: the copy is made only when a part of a batch
// is resent), after the RetryPolicy's backoff (Retry-After obeyed).  With a spool, a fresh batch that the sink
// does not take at the first attempt, or any fresh batch while older ones
// wait in the spool, goes to the spool instead; when the spool is full or
// the disk refuses, the batch stays here and is retried (back-pressure).
//
// Waiting is done through the Waiter passed in, which also says when the
// flush deadline of a shutdown has passed: the batch is then abandoned
// (left unresolved, so it is never committed and its sources send it again).
// Tests pass a Waiter that advances a FakeClock.
#ifndef LC_COMMON_BATCH_SENDER_H_
#define LC_COMMON_BATCH_SENDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/clock.h"
#include "common/base/error_limiter.h"
#include "common/ship/batch.h"
#include "common/ship/dead_letter.h"
#include "common/ship/retry_policy.h"
#include "common/ship/ship_counters.h"
#include "common/ship/sink.h"
#include "common/ship/spool.h"

namespace lc {

class Waiter {
 public:
  virtual ~Waiter() = default;
  // Sleeps up to `nanos`.  False: the flush deadline has passed, give up now.
  virtual bool Wait(int64_t nanos) = 0;
};

struct SenderEnv {
  std::string sink_name;       // for messages, no credentials
  RetryOptions retry;
  Clock* clock = nullptr;
  Waiter* waiter = nullptr;
  ShipCounters* counters = nullptr;
  DeadLetter* dead_letter = nullptr;
  Spool* spool = nullptr;      // null: no --spool
  ErrorLimiter* errors = nullptr;  // repeated errors (a full disk) said once per interval
};

class BatchSender {
 public:
  BatchSender(Sink* sink, const SenderEnv& env, uint64_t seed);

  // kClosed: the sink is gone for good (SendResult::closed); the batch is
  // left unresolved and the caller stops.
  enum class Result { kResolved, kAbandoned, kClosed };
  // A fresh batch from the input.
  Result Deliver(const Batch& batch);
  // A batch read back from the spool: never spooled again.
  Result Replay(const Batch& batch);

 private:
  Result Run(const Batch& batch, bool may_spool);
  void Say(const std::string& message);  // on stderr, through env_.errors when set
  bool TrySpool(const std::vector<std::string_view>& records);

  Sink* sink_;
  SenderEnv env_;
  RetryPolicy policy_;
};

}  // namespace lc

#endif  // LC_COMMON_BATCH_SENDER_H_
