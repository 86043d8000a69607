#include "common/ship/sinks/sink_stdout.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>

#include "common/base/atomic_file.h"

namespace lc {
namespace {
std::mutex g_stdout_mu;
std::atomic<bool> g_stdout_closed{false};
}  // namespace

void AppendNdjson(const std::vector<std::string_view>& records, std::string* out) {
  size_t total = out->size();
  for (auto r : records) total += r.size() + 1;
  out->reserve(total);
  for (auto r : records) {
    out->append(r.data(), r.size());
    out->push_back('\n');
  }
}

SendResult StdoutSink::Send(const Batch& batch) {
  const std::string& s = batch.data;
  std::lock_guard<std::mutex> l(g_stdout_mu);
  if (g_stdout_closed) return SendResult::Closed(Status::IOError("stdout: reader closed"));
  Status st = WriteFully(fd_, s.data(), s.size(), "stdout");
  if (!st.ok() && errno == EPIPE) {
    g_stdout_closed = true;
    return SendResult::Closed(st);
  }
  return st.ok() ? SendResult::AllDelivered() : SendResult::Failed(st);
}

}  // namespace lc
