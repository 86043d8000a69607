// lc-stdout: read the container runtime's stdout/stderr log files (Docker
// json-file, CRI), rejoin split lines, print NDJSON records (man/lc-stdout.1).
#include <algorithm>
#include <cstdio>

#include "common/base/cli.h"
#include "common/runtime/container_log_source.h"
#include "common/base/duration.h"
#include "common/base/host_name.h"
#include "common/base/rfc3339.h"
#include "common/parse/shape_flags.h"
#include "common/runtime/runtime_record_writer.h"
#include "common/tail/tail_runner.h"

int main(int argc, char** argv) {
  CLI::App app{"Read container stdout/stderr log files (Docker json-file, CRI); print NDJSON records.",
               "lc-stdout"};
  lc::SetupCli(app);
  lc::TailRun run;
  run.tool = "lc-stdout";
  std::vector<std::string> paths, tag_args;
  std::string pods_dir, since, stream = "all", flush_partial = "5s", rotate_wait = "5s",
              read_delay = "250ms", metrics_every = "10s";
  size_t max_line = 1 << 20;
  lc::TailOptions opt;
  app.add_option("paths", paths, "Runtime log files or globs");
  app.add_option("--containers", run.events, "Follow each container's log_path from lc-discover's events in FILE (- for stdin)");
  app.add_option("--pods-dir", pods_dir, "Follow every CRI log under a kubelet pods directory (/var/log/pods)");
  app.add_option("--checkpoint", run.checkpoint, "Read-position state file (created if missing; 0600)");
  app.add_option("--commit", run.commit, "Resume from the cursors lc-ship committed to FILE (needs --checkpoint)");
  app.add_flag("--once", run.once, "Read every log to its end, save the checkpoint, exit");
  app.add_option("--metrics-file", run.metrics_file, "Write logs followed, bytes read, errors and the unread lag there (Prometheus text)");
  app.add_option("--metrics-interval", metrics_every, "Write --metrics-file this often");
  app.add_option("--tag", tag_args, "KEY=VALUE added to every record; repeatable")->allow_extra_args(false);
  app.add_option("--since", since, "Start of a log with no checkpoint: DURATION ago or an RFC 3339 TIME, by the runtime's timestamps");
  app.add_option("--stream", stream, "Which stream to emit")->check(CLI::IsMember({"stdout", "stderr", "all"}));
  app.add_option("--max-line-bytes", max_line, "Bound on a rejoined line; longer ones are cut, flagged lc.truncated")
      ->check(CLI::Range(16, 1 << 30));
  app.add_option("--max-pending-bytes", opt.max_pending_bytes, "Bound on the split lines being rejoined and multiline records held of all logs; past it they go out in pieces flagged lc.truncated")
      ->check(CLI::Range(size_t{4096}, size_t{1} << 40));
  app.add_option("--flush-partial", flush_partial, "Emit a pending split line after this idle time");
  app.add_option("--rotate-wait", rotate_wait, "Keep reading a rotated log until it has been quiet this long");
  app.add_option("--read-delay", read_delay, "Read a noticed change this long after it (added latency; 0: at once)");
  app.add_option("--rate-limit", run.rate_limit, "Read at most RATE bytes per second over all logs (e.g. 10MB/s, 512KiB/s; 0: no limit)");
  lc::ShapeFlags shape_flags;
  lc::AddShapeFlags(app, &shape_flags);
  if (int rc = lc::ParseCli(app, "lc-stdout", argc, argv); rc >= 0) return rc;

  lc::Clock* clock = lc::SystemClock();
  lc::RuntimeRecordWriter::Options ro;
  lc::Tags tags;
  int64_t start_time = clock->NowNanos();
  ro.max_message_bytes = max_line;
  ro.want_stdout = stream != "stderr";
  ro.want_stderr = stream != "stdout";
  opt.tail_by_time = true;  // runtime logs date their lines: start by time, not position
  opt.max_line_bytes = std::max<size_t>(max_line * 2, 1 << 20);  // escaped pieces are longer
  int64_t ago = 0;
  if (!since.empty() && !lc::ParseRfc3339(since.data(), since.size(), &opt.since)) {
    if (lc::Status s = lc::ParseDuration(since, &ago); !s.ok()) {
      fprintf(stderr, "lc-stdout: --since: %s, and not an RFC 3339 time\n", s.message().c_str());
      return 2;
    }
    opt.since = start_time - ago;
  }
  if (!lc::ParseDurationFlags("lc-stdout", {{"--flush-partial", &flush_partial, &ro.flush_ns},
                                             {"--rotate-wait", &rotate_wait, &opt.rotate_wait_ns},
                                             {"--read-delay", &read_delay, &opt.read_delay_ns},
                                             {"--metrics-interval", &metrics_every, &run.metrics_interval_ns, true}})) {
    return 2;
  }
  opt.partial_flush_ns = ro.flush_ns;
  if (!lc::ParseKeyValues(tag_args, "lc-stdout", "--tag", &tags)) return 2;
  std::unique_ptr<lc::RecordShaper> shaper;
  if (!lc::MakeShaper("lc-stdout", shape_flags, &shaper)) return 2;
  ro.shaper = shaper.get();
  ro.encoding = shape_flags.encoding;
  if (paths.empty() && pods_dir.empty() && run.events.empty()) {
    fprintf(stderr, "lc-stdout: nothing to read: give FILEs, --pods-dir or --containers (see --help)\n");
    return 2;
  }
  lc::OutputWriter out(1);
  lc::RuntimeRecordWriter writer(&out, clock, lc::HostName(), tags, ro);
  lc::Reporter reporter("lc-stdout");
  lc::Tailer tailer(opt, lc::RealFileSystem(), clock, &writer, &out, &reporter);
  // A budget apart from the tailer's: sharing it, messages held could leave
  // the runtime's own lines only the 4 KiB floor, and a runtime line cut
  // in pieces no longer parses.
  writer.ShareBudget(std::make_shared<lc::ByteBudget>(opt.max_pending_bytes));
  for (std::string& p : paths) p = lc::AbsolutePath(p);
  if (!pods_dir.empty()) paths.push_back(lc::JoinPath(lc::AbsolutePath(pods_dir), "*/*/*.log"));
  if (!paths.empty()) tailer.AddSource(lc::WatchSource{"", paths, {}, "", {}, "", 0, true, "", ""});
  lc::ContainerLogSource containers(&tailer, start_time);  // the tailer applies `since` on a first run only
  run.apply = [&](const std::string& line) { return containers.Apply(line); };
  run.at_exit = [&] { if (shaper && shaper->parsing()) fprintf(stderr, "%s\n", shaper->CountersJson().c_str()); };
  return lc::RunTailer(&tailer, run);
}
