#include "common/tail/tail_metrics.h"

#include "common/base/self_metrics.h"

namespace lc {

std::string TailMetricsText(const TailMetrics& m, const std::string& tool) {
  return SelfMetricsText(
      tool, {
                {"files", "gauge", "Files followed.", m.files},
                {"open_files", "gauge", "Followed files with an open descriptor.", m.open_files},
                {"unread_bytes", "gauge",
                 "Bytes in the followed files not read yet (as of each file's last stat).", m.unread_bytes},
                {"read_bytes_total", "counter", "Bytes read from the followed files.", m.bytes_read},
                {"read_errors_total", "counter", "Files that could not be opened or read.", m.read_errors},
                {"listings_total", "counter",
                 "Discoveries: the directories listed again (each poll while inotify may miss a change there).",
                 m.listings},
                {"one_shot_write_watches", "gauge",
                 "1 while the write watches are one-shot: a busy node, every file read after each read delay.",
                 m.one_shot},
                {"timed_reads", "gauge",
                 "1 while busy files are read on a timer, their one-shot write watches not re-armed "
                 "(many directories).",
                 m.timed},
                {"write_mode_changes_total", "counter",
                 "Switches between a watch per write and one-shot write watches.", m.write_mode_changes},
            });
}

}  // namespace lc
