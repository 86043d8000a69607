// RunTailer: the life of a tailer-based tool (lc-tail, lc-stdout) after
// its flags are parsed: raise the soft descriptor limit to the hard one,
// check and load the checkpoint and commit files, install the
// signal handlers, run one pass (--once) or follow, and map the outcome to
// the exit status of lc-tail(1) (0 ok or SIGTERM, 1 runtime failure, 2 a
// broken state file, 130 SIGINT).  An event stream (watches, container
// events), if given, is read to EOF before a --once pass, or polled beside
// the files while following.  A bad --rate-limit is a usage error (2).
#ifndef LC_COMMON_TAIL_RUNNER_H_
#define LC_COMMON_TAIL_RUNNER_H_

#include <functional>
#include <string>

#include "common/stream/event_stream.h"
#include "common/tail/tailer.h"

namespace lc {

struct TailRun {
  const char* tool;
  std::string checkpoint, commit;
  std::string metrics_file;  // --metrics-file ("": none)
  int64_t metrics_interval_ns = 10'000'000'000;  // --metrics-interval
  std::string rate_limit;  // --rate-limit RATE (ParseRate; "": no limit)
  bool once = false;
  std::string events;  // FILE, "-" for stdin, or "" for none
  EventStream::Apply apply;
  std::function<void()> at_exit;  // e.g. the parse counters to stderr (may be empty)
};

int RunTailer(Tailer* tailer, const TailRun& run);

}  // namespace lc

#endif  // LC_COMMON_TAIL_RUNNER_H_
