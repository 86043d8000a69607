// ErrorLimiter: keeps a repeated error from flooding stderr.  A loop that
// retries every 50 ms (lc-ship's commit file on a full disk printed 215
// lines in 25 s) says each distinct message once when it first happens;
// the same message again is held back and counted, and said again at most
// once per interval, with how many were held back.  Messages are told apart
// by their whole text, so two that alternate are each limited; the last 32
// distinct messages are remembered.  Thread-safe: the senders of lc-ship
// share one.
#ifndef LC_COMMON_BASE_ERROR_LIMITER_H_
#define LC_COMMON_BASE_ERROR_LIMITER_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "common/base/clock.h"

namespace lc {

class ErrorLimiter {
 public:
  ErrorLimiter(Clock* clock, int64_t interval_nanos = 10 * kSeconds) : clock_(clock), interval_(interval_nanos) {}

  // The line to print for `message` now ("" to print nothing):
  //   "<message>"                                  the first time;
  //   "<message> (N more like it in the last Xs)"  at most once per interval while it repeats.
  std::string Filter(const std::string& message);
  // Filter, then "<prefix>: <line>\n" on `out` when there is a line.
  void Print(FILE* out, const char* prefix, const std::string& message);

 private:
  Clock* const clock_;
  const int64_t interval_;
  struct Seen {
    int64_t said = 0;   // mono time it was last printed
    uint64_t held = 0;  // repeats not printed since
    uint64_t order = 0; // for forgetting the least recent
  };
  std::mutex mu_;
  std::map<std::string, Seen> seen_;
  uint64_t next_order_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_BASE_ERROR_LIMITER_H_
