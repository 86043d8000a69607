// time_format_parse [N]: in-process cost of --time-format on one value,
// without the tailer: N (default 1000000) parses of an nginx $time_local
// with its offset, then of a zoneless "%Y-%m-%d %H:%M:%S" read in
// Asia/Shanghai (the zone rules are looked up per value).  Printed in ns per
// value, best of 3.  A figure, not a test: the unit tests check what the
// parse gives, this says what it costs.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "common/base/time_zone.h"
#include "common/parse/time_format.h"

namespace {

double BestNsPerValue(const lc::TimeFormat& f, const char* value, const lc::TimeZone& zone, int n,
                      uint64_t* sum) {
  double best = 1e18;
  for (int round = 0; round < 3; round++) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; i++) {
      int64_t ns = 0;
      const char* why = nullptr;
      if (!f.Parse(value, zone, 0, &ns, &why)) {
        fprintf(stderr, "time_format_parse: %s does not parse: %s\n", value, why);
        exit(1);
      }
      *sum += static_cast<uint64_t>(ns);  // keeps the loop from being optimised away
    }
    double per = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / n;
    if (per < best) best = per;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000000;
  if (n <= 0) n = 1000000;
  lc::TimeFormat nginx, local;
  lc::TimeZone utc, shanghai;
  if (!lc::TimeFormat::Compile("%d/%b/%Y:%H:%M:%S %z", &nginx).ok() ||
      !lc::TimeFormat::Compile("%Y-%m-%d %H:%M:%S", &local).ok() ||
      !lc::TimeZone::Load("UTC", &utc).ok() || !lc::TimeZone::Load("Asia/Shanghai", &shanghai).ok()) {
    fprintf(stderr, "time_format_parse: cannot set up the formats or zones (tzdata installed?)\n");
    return 1;
  }
  uint64_t sum = 0;
  double a = BestNsPerValue(nginx, "15/Nov/2023:06:13:20 +0800", utc, n, &sum);
  double b = BestNsPerValue(local, "2023-11-15 06:13:20.123", shanghai, n, &sum);
  printf("time parse, %d values, best of 3:\n", n);
  printf("  %%d/%%b/%%Y:%%H:%%M:%%S %%z (nginx $time_local)      %7.1f ns/value\n", a);
  printf("  %%Y-%%m-%%d %%H:%%M:%%S read in Asia/Shanghai       %7.1f ns/value\n", b);
  return sum == 0;  // never 0 for these values; using it keeps the work
}
