#include "common/ship/read_coalescer.h"

#include <algorithm>

#include "common/base/clock.h"

namespace lc {

namespace {
constexpr int64_t kWindow = 50 * kMillis;
}  // namespace

ReadCoalescer::ReadCoalescer(int64_t max_hold_nanos, size_t pipe_bytes)
    : max_hold_(std::max<int64_t>(0, max_hold_nanos)),
      pipe_bytes_(pipe_bytes),
      short_read_(std::min<size_t>(64 << 10, pipe_bytes / 16)) {}

int64_t ReadCoalescer::AfterRead(size_t n, int64_t now) {
  if (pipe_bytes_ == 0 || max_hold_ == 0) return now;
  if (window_start_ < 0) window_start_ = now;
  window_bytes_ += n;
  if (now - window_start_ >= kWindow) {
    bytes_per_nano_ = static_cast<double>(window_bytes_) / static_cast<double>(now - window_start_);
    window_start_ = now;
    window_bytes_ = 0;
  }
  if (n >= short_read_) return now;
  int64_t hold = max_hold_;
  if (bytes_per_nano_ > 0) {
    double fill = static_cast<double>(pipe_bytes_ / 2) / bytes_per_nano_;
    if (fill < static_cast<double>(hold)) hold = static_cast<int64_t>(fill);
  }
  return hold < kMillis ? now : now + hold;
}

}  // namespace lc
