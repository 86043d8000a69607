// node_writer: the writers of a node, for bench/node.sh.  Appends lines to
// N files (DIR/f<i>.log) at RATE bytes per second in all for SECONDS: every
// 10 ms each file gets its share, as whole lines of about 120 bytes, in one
// write(2) (a busy service's logger flushing its buffer).  Each line starts
// with its write time (CLOCK_REALTIME ns), so a reader can measure latency.
// Prints "<lines> <bytes>" written on stdout at the end.  With FORMAT
// "cri", each line is a CRI log line (kubelet's: "<RFC 3339 time> stdout F
// <text>"), the text starting with the write time; still 120 bytes a line.
//
//   node_writer DIR N RATE SECONDS [plain|cri]
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

static int64_t Now(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    fprintf(stderr, "usage: node_writer DIR N RATE SECONDS [plain|cri]\n");
    return 2;
  }
  bool cri = argc == 6 && std::string(argv[5]) == "cri";
  std::string dir = argv[1];
  int n = atoi(argv[2]);
  double rate = atof(argv[3]);
  double seconds = atof(argv[4]);
  constexpr int kLine = 120;
  constexpr int64_t kTick = 10 * 1000000;
  std::vector<int> fds(n);
  std::vector<double> owed(n, 0);
  std::vector<long long> seq(n, 0);
  for (int i = 0; i < n; i++) {
    std::string p = dir + "/f" + std::to_string(i) + ".log";
    fds[i] = open(p.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fds[i] < 0) {
      perror(p.c_str());
      return 1;
    }
  }
  long long lines = 0, bytes = 0;
  double per_tick = rate / n * (kTick / 1e9);
  int64_t start = Now(CLOCK_MONOTONIC), next = start;
  std::string buf;
  char line[kLine + 1];
  while (Now(CLOCK_MONOTONIC) - start < static_cast<int64_t>(seconds * 1e9)) {
    for (int i = 0; i < n; i++) {
      owed[i] += per_tick;
      buf.clear();
      int64_t wall = Now(CLOCK_REALTIME);
      while (owed[i] >= kLine) {
        int len = 0;
        if (cri) {
          time_t sec = static_cast<time_t>(wall / 1000000000);
          struct tm tm;
          gmtime_r(&sec, &tm);
          len = static_cast<int>(strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm));
          len += snprintf(line + len, sizeof line - static_cast<size_t>(len), ".%09lldZ stdout F ",
                          static_cast<long long>(wall % 1000000000));
        }
        len += snprintf(line + len, sizeof line - static_cast<size_t>(len), "%lld f%d-%lld ",
                        static_cast<long long>(wall), i, seq[i]++);
        buf.append(line, static_cast<size_t>(len));
        buf.append(static_cast<size_t>(kLine - 1 - len), 'x');
        buf.push_back('\n');
        owed[i] -= kLine;
        lines++;
      }
      if (!buf.empty() && write(fds[i], buf.data(), buf.size()) != static_cast<ssize_t>(buf.size())) {
        perror("write");
        return 1;
      }
      bytes += static_cast<long long>(buf.size());
    }
    next += kTick;
    int64_t wait = next - Now(CLOCK_MONOTONIC);
    if (wait > 0) {
      struct timespec ts = {static_cast<time_t>(wait / 1000000000), static_cast<long>(wait % 1000000000)};
      nanosleep(&ts, nullptr);
    }
  }
  printf("%lld %lld\n", lines, bytes);
  return 0;
}
