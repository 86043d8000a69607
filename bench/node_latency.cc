// node_latency: reads lc-tail's records of node_writer's lines on stdin and
// prints "<records> <p50 ms> <p99 ms> <max ms>" at EOF: the time from each
// line's write (the CLOCK_REALTIME ns its body starts with) to its record's
// arrival here.  For bench/node.sh.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

int main() {
  std::vector<int64_t> lat;
  std::string buf;
  std::vector<char> chunk(1 << 20);
  static const char kBody[] = "\"body\":\"";
  for (;;) {
    ssize_t n = read(0, chunk.data(), chunk.size());
    if (n <= 0) break;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t now = static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
    buf.append(chunk.data(), static_cast<size_t>(n));
    size_t start = 0, nl;
    while ((nl = buf.find('\n', start)) != std::string::npos) {
      const char* b = static_cast<const char*>(memmem(buf.data() + start, nl - start, kBody, sizeof kBody - 1));
      if (b != nullptr) lat.push_back(now - strtoll(b + sizeof kBody - 1, nullptr, 10));
      start = nl + 1;
    }
    buf.erase(0, start);
  }
  if (lat.empty()) {
    printf("0 0 0 0\n");
    return 0;
  }
  std::sort(lat.begin(), lat.end());
  auto at = [&](double q) { return lat[static_cast<size_t>(q * static_cast<double>(lat.size() - 1))] / 1e6; };
  printf("%zu %.1f %.1f %.1f\n", lat.size(), at(0.5), at(0.99), lat.back() / 1e6);
  return 0;
}
