// paced_writer FILE RATE SECONDS [PER_WRITE]: writes FILE's lines to stdout
// at RATE lines per second for SECONDS (cycling FILE), PER_WRITE lines per
// write(2) (default 1): the shape of a follower's output when each line
// arrives on its own.  Paced in 1 ms steps.  Prints lines written to stderr.
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

static int64_t Mono() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: paced_writer FILE RATE SECONDS [PER_WRITE]\n");
    return 2;
  }
  std::ifstream f(argv[1]);
  std::vector<std::string> lines;
  for (std::string l; lines.size() < 200000 && std::getline(f, l);) lines.push_back(l + "\n");
  if (lines.empty()) return 2;
  double rate = atof(argv[2]);
  int64_t end_lines = static_cast<int64_t>(rate * atof(argv[3]));
  size_t per = argc > 4 ? static_cast<size_t>(atoi(argv[4])) : 1;
  int64_t start = Mono(), done = 0;
  size_t next = 0;
  std::string buf;
  while (done < end_lines) {
    int64_t due = static_cast<int64_t>((Mono() - start) * rate / 1e9);
    if (due > end_lines) due = end_lines;
    while (done < due) {
      buf.clear();
      for (size_t i = 0; i < per && done < due; i++, done++) {
        buf += lines[next];
        next = (next + 1) % lines.size();
      }
      for (size_t off = 0; off < buf.size();) {
        ssize_t n = write(1, buf.data() + off, buf.size() - off);
        if (n <= 0) return 1;
        off += static_cast<size_t>(n);
      }
    }
    timespec ts{0, 1000000};
    nanosleep(&ts, nullptr);
  }
  fprintf(stderr, "%lld\n", static_cast<long long>(done));
  return 0;
}
