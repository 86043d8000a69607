#include "common/base/clock.h"

#include <ctime>

namespace lc {
namespace {

int64_t Read(clockid_t id) {
  timespec ts;
  clock_gettime(id, &ts);
  return int64_t{ts.tv_sec} * kSeconds + ts.tv_nsec;
}

class RealClock : public Clock {
 public:
  int64_t NowNanos() override { return Read(CLOCK_REALTIME); }
  int64_t MonoNanos() override { return Read(CLOCK_MONOTONIC); }
};

}  // namespace

Clock* SystemClock() {
  static RealClock clock;
  return &clock;
}

}  // namespace lc
