// runtime_log_parse FILE [MiB]: in-process throughput of lc-stdout's hot
// path on a runtime log (from gen_runtime_log), without the tailer or any
// I/O: the first MiB (default 256) of FILE is loaded into memory, then
//   split   finding the line ends alone (memchr): the floor
//   parse   ParseDockerJsonLine / ParseCriLine on every line
//   record  RuntimeRecordWriter::Line (parse, join pieces, write the record
//           into a buffer that is discarded)
// are each timed (best of 3) and printed in MB/s of input, per core.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "testing/fake_clock.h"
#include "common/base/clock.h"
#include "common/base/output_writer.h"
#include "common/runtime/runtime_log.h"
#include "common/runtime/runtime_record_writer.h"

namespace {

template <typename Fn>
double BestMBps(const std::string& data, Fn&& fn) {
  double best = 0;
  for (int round = 0; round < 3; round++) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double mbps = static_cast<double>(data.size()) / s / 1e6;
    if (mbps > best) best = mbps;
  }
  return best;
}

template <typename PerLine>
void ForEachLine(const std::string& data, PerLine&& per_line) {
  const char* p = data.data();
  const char* end = p + data.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
    if (nl == nullptr) break;
    per_line(p, static_cast<size_t>(nl - p), static_cast<int64_t>(nl + 1 - data.data()));
    p = nl + 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: runtime_log_parse FILE [MiB]\n");
    return 2;
  }
  size_t limit = (argc > 2 ? strtoull(argv[2], nullptr, 10) : 256) << 20;
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) {
    perror(argv[1]);
    return 1;
  }
  std::string data(limit, '\0');
  size_t got = 0;
  for (ssize_t r; got < limit && (r = read(fd, &data[got], limit - got)) > 0;) got += static_cast<size_t>(r);
  close(fd);
  data.resize(got);
  data.resize(data.rfind('\n') + 1);  // whole lines only

  lc::RuntimeFormat format = lc::DetectRuntimeFormat(data.data(), data.find('\n'));
  const char* name = format == lc::RuntimeFormat::kDockerJson ? "docker" : "cri";
  size_t lines = 0, errors = 0;
  double split = BestMBps(data, [&] {
    lines = 0;
    ForEachLine(data, [&](const char*, size_t, int64_t) { lines++; });
  });
  std::string scratch;
  lc::TimeParseCache times;
  double parse = BestMBps(data, [&] {
    errors = 0;
    ForEachLine(data, [&](const char* p, size_t n, int64_t) {
      lc::RuntimeLine rl;
      const char* error;
      bool ok = format == lc::RuntimeFormat::kDockerJson
                    ? lc::ParseDockerJsonLine(p, n, &scratch, &rl, &error, &times)
                    : lc::ParseCriLine(p, n, &rl, &error, &times);
      errors += ok ? 0 : 1;
    });
  });
  lc::FakeClock clock;
  lc::OutputWriter out(-1, 1 << 20);
  lc::RuntimeRecordWriter::Options opt;
  lc::RuntimeRecordWriter writer(&out, &clock, "node-7", {}, opt);
  lc::WatchSource source;
  lc::TailedFile file;
  file.path = "/var/lib/docker/containers/c/c-json.log";
  file.key = "2049:1234:9f00aa11";
  file.source = &source;
  writer.Begin(&file);
  double record = BestMBps(data, [&] {
    ForEachLine(data, [&](const char* p, size_t n, int64_t end) {
      writer.Line(&file, p, n, end, false, 0);
      if (out.pending().size() >= (1 << 20)) out.Discard();  // discarded, not written
    });
  });
  printf("%s: %.0f MiB, %zu lines (%zu unparsed): split %.0f MB/s, parse %.0f MB/s, record %.0f MB/s\n",
         name, static_cast<double>(data.size()) / 1048576, lines, errors, split, parse, record);
  return errors == 0 ? 0 : 1;
}
