#include "common/listen/journal.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/base/atomic_file.h"
#include "common/base/file_system.h"

namespace lc {
namespace {

std::string SegmentName(const std::string& dir, int64_t start) {
  char name[40];
  snprintf(name, sizeof name, "/%020lld.jnl", static_cast<long long>(start));
  return dir + name;
}

}  // namespace

Journal::~Journal() {
  for (auto& [start, fd] : segments_) close(fd);
}

Status Journal::Open(const std::string& dir_in, int64_t max_bytes, int64_t start, std::unique_ptr<Journal>* out) {
  std::unique_ptr<Journal> j(new Journal());
  j->dir_ = AbsolutePath(dir_in);
  j->key_ = "lc-listen:" + j->dir_;
  j->max_bytes_ = max_bytes;
  j->segment_bytes_ = std::max<int64_t>(max_bytes / 8, 64 << 10);
  if (mkdir(j->dir_.c_str(), 0700) != 0 && errno != EEXIST) return Status::FromErrno(j->dir_, errno);
  if (Status s = LockFile::Acquire(j->dir_ + "/lock", j->dir_, &j->lock_); !s.ok()) {
    return Status::InvalidArgument(s.message());
  }
  DIR* d = opendir(j->dir_.c_str());
  if (d == nullptr) return Status::InvalidArgument(j->dir_ + ": " + strerror(errno));
  std::vector<int64_t> starts;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() == 24 && n.compare(20, 4, ".jnl") == 0 && n.find_first_not_of("0123456789") == 20) {
      starts.push_back(std::stoll(n.substr(0, 20)));
    }
  }
  closedir(d);
  std::sort(starts.begin(), starts.end());
  int64_t end = start;
  for (int64_t s : starts) {
    int fd = open(SegmentName(j->dir_, s).c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
    if (fd < 0) return Status::FromErrno(SegmentName(j->dir_, s), errno);
    j->segments_[s] = fd;
  }
  if (!starts.empty()) {
    // The last segment may end inside a line a crash cut: cut it there.
    int64_t last = starts.back();
    int fd = j->segments_[last];
    struct stat st;
    fstat(fd, &st);
    int64_t size = st.st_size, keep = size;
    char buf[4096];
    while (keep > 0) {
      size_t n = static_cast<size_t>(std::min<int64_t>(keep, sizeof buf));
      if (pread(fd, buf, n, keep - static_cast<int64_t>(n)) != static_cast<ssize_t>(n)) break;
      size_t i = n;
      while (i > 0 && buf[i - 1] != '\n') i--;
      if (i > 0) {
        keep -= static_cast<int64_t>(n - i);
        break;
      }
      keep -= static_cast<int64_t>(n);
    }
    if (keep != size && ftruncate(fd, keep) != 0) return Status::FromErrno(SegmentName(j->dir_, last), errno);
    j->current_start_ = last;
    end = last + keep;
    j->durable_end_ = end;
  } else {
    j->durable_end_ = start;
    if (Status s = j->Roll(); !s.ok()) return s;
  }
  *out = std::move(j);
  return Status::OK();
}

Status Journal::Roll() {
  int64_t start = durable_end_.load();
  std::string path = SegmentName(dir_, start);
  int fd = open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FromErrno(path, errno);
  std::lock_guard<std::mutex> l(mu_);
  segments_[start] = fd;
  current_start_ = start;
  return Status::OK();
}

Status Journal::Sync() {
  if (pending_.empty()) return Status::OK();
  int64_t end = durable_end_.load();
  if (end - current_start_ >= segment_bytes_) {
    if (Status s = Roll(); !s.ok()) return s;
  }
  int fd;
  {
    std::lock_guard<std::mutex> l(mu_);
    fd = segments_[current_start_];
  }
  if (Status s = WriteFully(fd, pending_.data(), pending_.size(), SegmentName(dir_, current_start_)); !s.ok()) {
    return s;
  }
  durable_end_.store(end + static_cast<int64_t>(pending_.size()), std::memory_order_release);
  pending_.clear();
  return Status::OK();
}

int64_t Journal::begin() const {
  std::lock_guard<std::mutex> l(mu_);
  return segments_.empty() ? durable_end_.load() : segments_.begin()->first;
}

void Journal::Prune(int64_t committed) {
  std::lock_guard<std::mutex> l(mu_);
  while (segments_.size() > 1) {
    auto first = segments_.begin();
    auto next = std::next(first);
    if (next->first > committed) break;
    close(first->second);
    unlink(SegmentName(dir_, first->first).c_str());
    segments_.erase(first);
  }
}

Status Journal::Read(int64_t offset, char* buf, size_t n, size_t* got) {
  *got = 0;
  int fd;
  int64_t start, limit = durable_end();
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = segments_.upper_bound(offset);
    if (it == segments_.begin()) return Status::NotFound(dir_ + ": offset " + std::to_string(offset) + " was pruned");
    if (it != segments_.end()) limit = std::min(limit, it->first);
    --it;
    start = it->first;
    fd = it->second;
  }
  size_t want = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(n), limit - offset));
  if (want == 0) return Status::OK();
  ssize_t r = pread(fd, buf, want, offset - start);
  if (r < 0) return Status::FromErrno(SegmentName(dir_, start), errno);
  *got = static_cast<size_t>(r);
  return Status::OK();
}

}  // namespace lc
