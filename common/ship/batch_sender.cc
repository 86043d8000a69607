#include "common/ship/batch_sender.h"

#include <cstdio>
#include <utility>

#include "common/ship/sink_message.h"


namespace lc {

BatchSender::BatchSender(Sink* sink, const SenderEnv& env, uint64_t seed)
    : sink_(sink), env_(env), policy_(env.retry, env.clock, seed) {}

BatchSender::Result BatchSender::Deliver(const Batch& batch) { return Run(batch, env_.spool != nullptr); }

BatchSender::Result BatchSender::Replay(const Batch& batch) { return Run(batch, false); }

void BatchSender::Say(const std::string& message) {
  if (env_.errors != nullptr) {
    env_.errors->Print(stderr, "lc-ship", message);
  } else {
    fprintf(stderr, "lc-ship: %s\n", message.c_str());
  }
}

bool BatchSender::TrySpool(const std::vector<std::string_view>& records) {
  Status st = env_.spool->Write(records);
  if (st.ok()) {
    env_.counters->spooled += static_cast<int64_t>(records.size());
    return true;
  }
  Say(st.message() + "; holding records in memory");
  return false;
}

BatchSender::Result BatchSender::Run(const Batch& batch, bool may_spool) {
  ShipCounters* c = env_.counters;
  // While older batches wait in the spool the sink is known to be down (or
  // catching up): queue behind them instead of knocking.
  if (may_spool && !env_.spool->empty() && TrySpool(batch.Views())) return Result::kResolved;
  // `todo` is the batch being sent: the one passed in, then a batch of the
  // records resent (`part`, copies, made only when a part is resent).
  const Batch* todo = &batch;
  Batch part;
  std::vector<std::string_view> again;
  std::vector<std::pair<std::string_view, std::string>> refused;
  policy_.Start();
  for (;;) {
    SendResult r = sink_->Send(*todo);
    if (r.closed) return Result::kClosed;  // EPIPE: lc-ship ends quietly
    again.clear();
    refused.clear();
    std::string why;
    if (!r.status.ok()) {
      again = todo->Views();
      why = r.status.message();
    } else {
      for (size_t i = 0; i < todo->size(); i++) {
        SendResult::Outcome o = r.outcomes.empty() ? SendResult::kDelivered : r.outcomes[i];
        if (o == SendResult::kDelivered) {
          (*c).delivered++;
          if (!may_spool && env_.spool != nullptr) (*c).replayed++;
        } else if (o == SendResult::kReject) {
          refused.emplace_back(todo->at(i), i < r.reasons.size() ? r.reasons[i] : std::string("refused"));
        } else {
          again.push_back(todo->at(i));
          if (why.empty() && i < r.reasons.size()) why = r.reasons[i];
        }
      }
      if (r.server_rejected > 0) {
        c->server_rejected += r.server_rejected;
        fprintf(stderr, "lc-ship: %s: server dropped %lld records: %s\n", env_.sink_name.c_str(),
                static_cast<long long>(r.server_rejected), r.server_message.c_str());
      }
    }
    if (!refused.empty()) {
      Status st = env_.dead_letter->Write(refused);
      if (st.ok()) {
        c->dead_lettered += static_cast<int64_t>(refused.size());
      } else {  // keep them: never resolved without a trace
        Say(st.message());
        for (const auto& it : refused) again.push_back(it.first);
        if (why.empty()) why = st.message();
      }
    }
    if (again.empty()) return Result::kResolved;
    if (why.empty()) why = "not delivered";
    if (may_spool && TrySpool(again)) return Result::kResolved;
    int64_t delay;
    if (!policy_.Next(r.retry_after_nanos, &delay)) {
      fprintf(stderr, "lc-ship: %sgiving up on %zu records after --retry-max: %s\n",
              SinkPrefix(env_.sink_name, why).c_str(), again.size(), why.c_str());
      refused.clear();
      for (auto rec : again) refused.emplace_back(rec, "gave up after --retry-max: " + why);
      Status st = env_.dead_letter->Write(refused);
      if (!st.ok()) Say(st.message());
      c->dropped += static_cast<int64_t>(again.size());
      return Result::kResolved;
    }
    c->retries++;
    fprintf(stderr, "lc-ship: %s%s; resending %zu records in %.1fs\n", SinkPrefix(env_.sink_name, why).c_str(),
            why.c_str(), again.size(), static_cast<double>(delay) / kSeconds);
    if (!env_.waiter->Wait(delay)) return Result::kAbandoned;
    if (again.size() != todo->size()) {
      part = BatchOf(again);  // `again` points into *todo, which may be `part`
      todo = &part;
    }
  }
}

}  // namespace lc
