#include "common/sink_stdout.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>

namespace lc {
namespace {
std::mutex g_stdout_mu;
std::atomic<bool> g_stdout_closed{false};
}  // namespace

bool StdoutSinkClosed() { return g_stdout_closed.load(); }

void AppendNdjson(const std::vector<std::string_view>& records, std::string* out) {
  size_t total = out->size();
  for (auto r : records) total += r.size() + 1;
  out->reserve(total);
  for (auto r : records) {
    out->append(r.data(), r.size());
    out->push_back('\n');
  }
}

Status WriteFully(int fd, const char* p, size_t n, const std::string& what) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(what, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::OK();
}

Status MakeDirectories(const std::string& dir) {
  for (size_t i = 1; i <= dir.size(); i++) {
    if (i == dir.size() || dir[i] == '/') {
      std::string at = dir.substr(0, i);
      if (mkdir(at.c_str(), 0755) != 0 && errno != EEXIST) return Status::FromErrno(at, errno);
    }
  }
  return Status::OK();
}

SendResult StdoutSink::Send(const std::vector<std::string_view>& records) {
  std::string s;
  AppendNdjson(records, &s);
  std::lock_guard<std::mutex> l(g_stdout_mu);
  if (g_stdout_closed) return SendResult::Failed(Status::IOError("stdout: reader closed"));
  Status st = WriteFully(fd_, s.data(), s.size(), "stdout");
  if (!st.ok() && errno == EPIPE) g_stdout_closed = true;
  return st.ok() ? SendResult::AllDelivered() : SendResult::Failed(st);
}

}  // namespace lc
