// ContainerLogSource: turns the container events of lc-streams(7), CONTAINER EVENTS (from
// lc-discover) into the Tailer sources of lc-stdout: one source per
// container, following its log_path, tagged with its container and
// Kubernetes fields.
//   upsert -> add (or refresh) the container's source; idempotent
//   remove -> drop it: its file is drained to EOF, then let go (the open
//             descriptor keeps a deleted file readable)
//   sync   -> drop every container not listed
// A container that was already running when lc-stdout started gets
// `since` = start - 5 s; the resume rule (start_position.h) applies it on a
// first run only (no checkpoint yet), so a first run does not replay a day
// of history, while on a later run every container the checkpoint does not
// know is read from its first line: it started while lc-stdout was down.
// One that starts later is read from its first line.
#ifndef LC_COMMON_CONTAINER_LOG_SOURCE_H_
#define LC_COMMON_CONTAINER_LOG_SOURCE_H_

#include <string>

#include "common/base/status.h"
#include "common/tail/tailer.h"

namespace lc {

class ContainerLogSource {
 public:
  ContainerLogSource(Tailer* tailer, int64_t start_time) : tailer_(tailer), start_(start_time) {}
  // Applies one NDJSON event; InvalidArgument says what is wrong with it.
  Status Apply(const std::string& line);

 private:
  Tailer* tailer_;
  int64_t start_;
};

}  // namespace lc

#endif  // LC_COMMON_CONTAINER_LOG_SOURCE_H_
