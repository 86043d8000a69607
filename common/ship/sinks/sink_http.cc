#include "common/ship/sinks/sink_http.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/ship/sinks/sink_stdout.h"

namespace lc {

void HttpSink::SendRange(const std::vector<std::string_view>& records, size_t begin, size_t end,
                         SendResult* r) {
  body_.clear();
  std::vector<std::string_view> part(records.begin() + static_cast<long>(begin),
                                     records.begin() + static_cast<long>(end));
  AppendNdjson(part, &body_);
  HttpReply reply;
  Status st = poster_->Post("", "application/x-ndjson", body_, &reply);
  SendResult::Outcome outcome = SendResult::kDelivered;
  std::string why;
  if (!st.ok()) {
    outcome = SendResult::kRetry;
    why = st.message();
  } else if (reply.status >= 200 && reply.status < 300) {
    outcome = SendResult::kDelivered;
  } else if (reply.status == 413 && end - begin > 1) {
    size_t mid = begin + (end - begin) / 2;
    SendRange(records, begin, mid, r);
    SendRange(records, mid, end, r);
    return;
  } else {
    why = fmt::format("{}: HTTP {}", poster_->Describe(), reply.status);
    std::string snippet = reply.body.substr(0, 200);
    while (!snippet.empty() && (snippet.back() == '\n' || snippet.back() == '\r')) snippet.pop_back();
    if (!snippet.empty()) why += " " + snippet;
    bool again = reply.status == 408 || reply.status == 429 || reply.status >= 500;
    outcome = again ? SendResult::kRetry : SendResult::kReject;
    if (again) r->retry_after_nanos = std::max(r->retry_after_nanos, reply.retry_after_nanos);
  }
  r->Mark(begin, end, outcome, why);
}

SendResult HttpSink::Send(const Batch& batch) {
  std::vector<std::string_view> records = batch.Views();
  SendResult r = SendResult::PerRecord(records.size());
  if (!records.empty()) SendRange(records, 0, records.size(), &r);
  return FinishResult(std::move(r));
}

}  // namespace lc
