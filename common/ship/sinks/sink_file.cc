#include "common/ship/sinks/sink_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <ctime>

#include <fmt/format.h>

#include "common/base/atomic_file.h"
#include "common/ship/http_poster.h"  // CompressBody
#include "common/ship/sinks/sink_stdout.h"

namespace lc {
namespace {
std::atomic<int> g_file_seq{0};  // distinct names for every file this process opens
}

FileSink::FileSink(const FileSinkOptions& options, Clock* clock) : opt_(options), clock_(clock) {}

FileSink::~FileSink() {
  if (fd_ >= 0) close(fd_);
}

SendResult FileSink::Send(const Batch& batch) {
  int64_t mono = clock_->MonoNanos();
  if (fd_ >= 0 && (size_ >= opt_.max_bytes || mono - opened_mono_ >= opt_.max_age_nanos)) {
    close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0) {
    Status st = MakeDirectories(opt_.dir);
    if (!st.ok()) return SendResult::Failed(st);
    time_t secs = static_cast<time_t>(clock_->NowNanos() / kSeconds);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
    const char* ext = opt_.compress == "gzip" ? ".gz" : opt_.compress == "zstd" ? ".zst" : "";
    path_ = fmt::format("{}/lc-{}-{}-{:04d}.ndjson{}", opt_.dir, stamp, getpid(), g_file_seq++, ext);
    fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) return SendResult::Failed(Status::FromErrno(path_, errno));
    size_ = 0;
    opened_mono_ = mono;
  }
  std::string_view out = batch.data;
  if (opt_.compress != "none") {
    Status st = CompressBody(opt_.compress, batch.data, &packed_);
    if (!st.ok()) return SendResult::Failed(st);
    out = packed_;
  }
  Status st = WriteFully(fd_, out.data(), out.size(), path_);
  if (st.ok() && fdatasync(fd_) != 0) st = Status::FromErrno(path_, errno);
  if (!st.ok()) {
    close(fd_);
    fd_ = -1;
    return SendResult::Failed(st);
  }
  size_ += static_cast<int64_t>(out.size());
  return SendResult::AllDelivered();
}

}  // namespace lc
