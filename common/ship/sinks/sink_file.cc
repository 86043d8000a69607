#include "common/ship/sinks/sink_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "common/base/atomic_file.h"
#include "common/ship/sinks/sink_stdout.h"

namespace lc {
namespace {
std::atomic<int> g_file_seq{0};  // distinct names for every file this process opens

// An flock on `path` through a descriptor of its own (-1: held by another
// writer, or not a real file).  flock conflicts between open file
// descriptions, so FileSinks of one process exclude each other too.
int TryLock(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return -1;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool IsOurUncompressedFile(const std::string& name) {
  return name.size() > 10 && name.compare(0, 3, "lc-") == 0 && name.compare(name.size() - 7, 7, ".ndjson") == 0;
}
}  // namespace

FileSink::FileSink(const FileSinkOptions& options, Clock* clock, FileSystem* fs)
    : opt_(options), clock_(clock), fs_(fs) {
  Repair();  // at start, before any batch: a restart with nothing to send repairs too
}

FileSink::~FileSink() { CloseFile(); }

void FileSink::CloseFile() {
  file_.reset();
  if (lock_fd_ >= 0) close(lock_fd_);
  lock_fd_ = -1;
}

void FileSink::Repair() {
  std::vector<std::string> names;
  if (!fs_->ListDir(opt_.dir, &names).ok()) return;
  const bool real = fs_ == RealFileSystem();
  for (const std::string& name : names) {
    if (!IsOurUncompressedFile(name)) continue;
    std::string path = JoinPath(opt_.dir, name);
    int lock = real ? TryLock(path) : -2;
    if (lock == -1) continue;  // a live writer's: not ours to touch
    std::unique_ptr<File> f;
    FileInfo info;
    if (fs_->Open(path, "", "", &f).ok() && f->Stat(&info).ok() && info.size > 0) {
      // The last newline, read backwards a block at a time.
      int64_t end = info.size, keep = 0;
      char buf[4096];
      bool torn = false;
      for (int64_t at = end; at > 0;) {
        size_t n = static_cast<size_t>(std::min<int64_t>(at, sizeof buf)), got = 0;
        if (!f->ReadAt(at - static_cast<int64_t>(n), buf, n, &got).ok() || got != n) break;
        if (at == end && buf[n - 1] == '\n') break;  // whole: the usual case
        torn = true;
        const void* nl = memrchr(buf, '\n', n);
        if (nl != nullptr) {
          keep = at - static_cast<int64_t>(n) + (static_cast<const char*>(nl) - buf) + 1;
          break;
        }
        at -= static_cast<int64_t>(n);
      }
      std::unique_ptr<WritableFile> w;
      if (torn && fs_->OpenForWrite(path, WriteMode::kAppend, 0644, &w).ok() && w->Truncate(keep).ok() &&
          w->Sync().ok()) {
        fprintf(stderr, "lc-ship: %s: removed a torn last record (%lld bytes) left by a writer that died\n",
                path.c_str(), static_cast<long long>(end - keep));
      }
    }
    if (lock >= 0) close(lock);
  }
}

SendResult FileSink::Send(const Batch& batch) {
  int64_t mono = clock_->MonoNanos();
  if (file_ && (size_ >= opt_.max_bytes || mono - opened_mono_ >= opt_.max_age_nanos)) CloseFile();
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
    if (fs_ == RealFileSystem()) lock_fd_ = TryLock(path_);  // new and ours: only a repair's peek can hold it
    size_ = 0;
    opened_mono_ = mono;
  }
  std::string_view out = batch.data;
  if (opt_.compress != "none") {
    Status st = compressor_ ? Status::OK() : Compressor::New(opt_.compress, opt_.level, &compressor_);
    if (st.ok()) st = compressor_->Compress(batch.data, &packed_);
    if (!st.ok()) return SendResult::Failed(st);
    out = packed_;
  }
  Status st = file_->Append(out.data(), out.size());
  if (st.ok()) st = file_->Sync();
  if (!st.ok()) {
    // Undo the part written; the batch comes again, whole, to this file.
    // A file that cannot be cut back is left (Repair cuts it at the next
    // start) and the batch goes to a new one.
    if (!file_->Truncate(size_).ok()) CloseFile();
    return SendResult::Failed(st);
  }
  size_ += static_cast<int64_t>(out.size());
  return SendResult::AllDelivered();
}

}  // namespace lc
