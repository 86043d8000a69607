#include "common/ship/sinks/sink_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <ctime>

#include <fmt/format.h>

#include "common/base/atomic_file.h"
#include "common/base/compress.h"
#include "common/ship/sinks/sink_stdout.h"

namespace lc {
namespace {
std::atomic<int> g_file_seq{0};  // distinct names for every file this process opens
}

FileSink::FileSink(const FileSinkOptions& options, Clock* clock, FileSystem* fs)
    : opt_(options), clock_(clock), fs_(fs) {}

FileSink::~FileSink() = default;

SendResult FileSink::Send(const Batch& batch) {
  int64_t mono = clock_->MonoNanos();
  if (file_ && (size_ >= opt_.max_bytes || mono - opened_mono_ >= opt_.max_age_nanos)) file_.reset();
  if (!file_) {
    Status st = fs_->MakeDirectories(opt_.dir, 0755);
    if (!st.ok()) return SendResult::Failed(st);
    time_t secs = static_cast<time_t>(clock_->NowNanos() / kSeconds);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
    const char* ext = opt_.compress == "gzip" ? ".gz" : opt_.compress == "zstd" ? ".zst" : "";
    path_ = fmt::format("{}/lc-{}-{}-{:04d}.ndjson{}", opt_.dir, stamp, getpid(), g_file_seq++, ext);
    st = fs_->OpenForWrite(path_, WriteMode::kExclusive, 0644, &file_);
    if (!st.ok()) return SendResult::Failed(st);
    size_ = 0;
    opened_mono_ = mono;
  }
  std::string_view out = batch.data;
  if (opt_.compress != "none") {
    Status st = CompressBody(opt_.compress, batch.data, &packed_);
    if (!st.ok()) return SendResult::Failed(st);
    out = packed_;
  }
  Status st = file_->Append(out.data(), out.size());
  if (st.ok()) st = file_->Sync();
  if (!st.ok()) {
    file_.reset();
    return SendResult::Failed(st);
  }
  size_ += static_cast<int64_t>(out.size());
  return SendResult::AllDelivered();
}

}  // namespace lc
