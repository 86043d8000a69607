// TailMetrics: what a tailer-based tool (lc-tail, lc-stdout) tells about
// itself with --metrics-file: the files it follows, the descriptors it
// holds, the bytes it read, the errors it met, and its lag, the bytes that
// are in its files and not read yet (as of the last stat of each: the
// discovery poll).  Written in the Prometheus text format, names
// lc_<tool>_..., for node_exporter's textfile collector and lc-agent status.
#ifndef LC_COMMON_TAIL_TAIL_METRICS_H_
#define LC_COMMON_TAIL_TAIL_METRICS_H_

#include <cstdint>
#include <string>

namespace lc {

struct TailMetrics {
  int64_t files = 0;         // followed now (rotated ones being drained included)
  int64_t open_files = 0;    // of which with an open descriptor
  int64_t unread_bytes = 0;  // the lag
  int64_t bytes_read = 0;    // since start
  int64_t read_errors = 0;   // files that could not be opened or read, since start
  int64_t listings = 0;      // discoveries (the directories listed), since start
  int64_t one_shot = 0;      // 1 while the write watches are one-shot (InotifyWatcher)
  int64_t timed = 0;         // 1 while busy files are read on a timer (Tailer::Impl::Timed)
  int64_t write_mode_changes = 0;  // entries into and exits from the one-shot mode, since start
};

// The Prometheus text of `m` for `tool` ("lc-tail" -> lc_tail_...).
std::string TailMetricsText(const TailMetrics& m, const std::string& tool);

}  // namespace lc

#endif  // LC_COMMON_TAIL_TAIL_METRICS_H_
