#include "common/base/rate_limiter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace lc {

RateLimiter::RateLimiter(Clock* clock, int64_t bytes_per_second, int64_t burst)
    : clock_(clock),
      rate_(std::clamp<int64_t>(bytes_per_second, 1, kMaxRate)),
      burst_(static_cast<__int128>(std::max<int64_t>(burst, 1)) * kSeconds),
      budget_(burst_),
      last_mono_(clock->MonoNanos()) {}

void RateLimiter::Refill() {
  int64_t now = clock_->MonoNanos();
  if (now <= last_mono_) return;
  __int128 earned = static_cast<__int128>(now - last_mono_) * rate_;
  budget_ = std::min(burst_, budget_ + earned);
  last_mono_ = now;
}

bool RateLimiter::Ready() {
  Refill();
  return budget_ > 0;
}

void RateLimiter::Spend(int64_t bytes) {
  Refill();
  budget_ -= static_cast<__int128>(std::max<int64_t>(bytes, 0)) * kSeconds;
}

int64_t RateLimiter::WaitNanos() {
  Refill();
  if (budget_ > 0) return 0;
  // Ready once the budget is above zero: (1 - budget) byte-ns/s earned at
  // rate_ per ns, rounded up.
  __int128 need = 1 - budget_;
  return static_cast<int64_t>((need + rate_ - 1) / rate_);
}

Status ParseRate(const std::string& text, int64_t* bytes_per_second) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("invalid rate '" + text + "': " + why +
                                   " (want bytes per second, e.g. 10MB/s, 512KiB/s, 65536; 0: no limit)");
  };
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return bad("not a number");
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (!std::isfinite(v)) return bad("not a number");
  std::string unit(end);
  if (unit.size() >= 2 && unit.compare(unit.size() - 2, 2, "/s") == 0) unit.resize(unit.size() - 2);
  static const struct {
    const char* name;
    double scale;
  } kUnits[] = {{"", 1},       {"B", 1},          {"KB", 1e3},       {"MB", 1e6},
                {"GB", 1e9},   {"TB", 1e12},      {"KiB", 1024.0},   {"MiB", 1048576.0},
                {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};
  for (const auto& u : kUnits) {
    if (unit != u.name) continue;
    double n = std::floor(v * u.scale);
    if (n > static_cast<double>(RateLimiter::kMaxRate)) return bad("more than 1TiB/s");
    if (v > 0 && n < 1) return bad("less than one byte per second");
    *bytes_per_second = static_cast<int64_t>(n);
    return Status::OK();
  }
  return bad("unknown unit '" + unit + "' (B, KB, MB, GB, KiB, MiB, GiB)");
}

}  // namespace lc
