#include "common/tail/tail_runner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/base/descriptor_limit.h"
#include "common/base/file_system.h"
#include "common/base/rate_limiter.h"
#include "common/base/signals.h"

namespace lc {

int RunTailer(Tailer* tailer, const TailRun& run) {
  RaiseDescriptorLimit();
  int64_t rate = 0;
  if (Status s = run.rate_limit.empty() ? Status() : ParseRate(run.rate_limit, &rate); !s.ok()) {
    fprintf(stderr, "%s: --rate-limit: %s\n", run.tool, s.message().c_str());
    return 2;
  }
  tailer->SetRateLimit(rate);
  if (!run.commit.empty() && run.checkpoint.empty()) {
    fprintf(stderr, "%s: --commit needs --checkpoint (it holds the identities of the files)\n", run.tool);
    return 2;
  }
  int fd = run.events.empty() ? -1 : run.events == "-" ? 0 : open(run.events.c_str(), O_RDONLY | O_CLOEXEC);
  if (!run.events.empty() && fd < 0) {
    fprintf(stderr, "%s: %s: %s\n", run.tool, run.events.c_str(), strerror(errno));
    return 2;
  }
  if (!run.checkpoint.empty()) {
    // Checked now, not at the first save: a state file that cannot be
    // written would lose every position (lc-tail(1), EXIT STATUS: 2).
    struct stat st;
    std::string dir = DirName(AbsolutePath(run.checkpoint));
    const char* why = nullptr;
    if (stat(run.checkpoint.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      why = "is a directory";
    } else if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      why = "its directory does not exist";
    } else if (access(dir.c_str(), W_OK) != 0) {
      why = "its directory is not writable";
    }
    if (why != nullptr) {
      fprintf(stderr, "%s: --checkpoint %s: %s\n", run.tool, run.checkpoint.c_str(), why);
      return 2;
    }
  }
  for (Status s : {run.checkpoint.empty() ? Status() : tailer->LoadCheckpoint(run.checkpoint),
                   run.commit.empty() ? Status() : tailer->LoadCommits(run.commit)}) {
    if (!s.ok()) {
      fprintf(stderr, "%s: %s\n", run.tool, s.message().c_str());
      return s.IsInvalidArgument() ? 2 : 1;
    }
  }
  tailer->SetMetricsFile(run.metrics_file, run.tool, run.metrics_interval_ns);
  InstallSignalHandlers();
  EventStream stream(fd, run.events == "-" ? "stdin" : run.events, run.tool, run.apply);
  Status s;
  if (run.once) {
    if (fd >= 0) stream.ReadAll();
    s = tailer->RunOnce();
  } else {
    if (fd >= 0) {
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
      stream.ReadAvailable();  // the sources known now are "present at start"
    }
    s = tailer->Follow(fd, [&] { return stream.ReadAvailable(); });
  }
  if (!s.ok()) fprintf(stderr, "%s: %s\n", run.tool, s.message().c_str());
  if (run.at_exit) run.at_exit();
  if (StopSignal() != 0) return ExitStatusForStop(StopSignal());
  return !s.ok() || tailer->error_count() > 0 ? 1 : 0;
}

}  // namespace lc
