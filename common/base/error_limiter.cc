#include "common/base/error_limiter.h"

#include <fmt/format.h>

namespace lc {

std::string ErrorLimiter::Filter(const std::string& message) {
  constexpr size_t kRemembered = 32;
  std::lock_guard<std::mutex> l(mu_);
  int64_t now = clock_->MonoNanos();
  auto it = seen_.find(message);
  if (it == seen_.end()) {
    if (seen_.size() >= kRemembered) {
      auto oldest = seen_.begin();
      for (auto s = seen_.begin(); s != seen_.end(); ++s)
        if (s->second.order < oldest->second.order) oldest = s;
      seen_.erase(oldest);
    }
    seen_[message] = Seen{now, 0, next_order_++};
    return message;
  }
  Seen& s = it->second;
  s.order = next_order_++;
  if (now - s.said < interval_) {
    s.held++;
    return std::string();
  }
  std::string line = s.held == 0 ? message
                                 : fmt::format("{} ({} more like it in the last {:.0f}s)", message, s.held,
                                               static_cast<double>(now - s.said) / kSeconds);
  s.said = now;
  s.held = 0;
  return line;
}

void ErrorLimiter::Print(FILE* out, const char* prefix, const std::string& message) {
  std::string line = Filter(message);
  if (!line.empty()) fprintf(out, "%s: %s\n", prefix, line.c_str());
}

}  // namespace lc
