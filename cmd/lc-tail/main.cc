// lc-tail: follow files with checkpoints, through rotation and truncation,
// and print one NDJSON record per line (man/lc-tail.1).
#include <cstdio>

#include "common/base/cli.h"
#include "common/base/duration.h"
#include "common/base/host_name.h"
#include "common/parse/parse_stage.h"
#include "common/parse/shape_flags.h"
#include "common/tail/record_writer.h"
#include "common/tail/tail_runner.h"

int main(int argc, char** argv) {
  CLI::App app{"Follow files with checkpoints through rotation and truncation; print NDJSON records.",
               "lc-tail"};
  lc::SetupCli(app);
  lc::TailRun run;
  run.tool = "lc-tail";
  std::vector<std::string> paths, excludes, tag_args;
  std::string from, poll = "1s", flush_partial = "5s", save_every = "5s", close_idle = "5m", rotate_wait = "5s",
              read_delay = "250ms", metrics_every = "10s";
  size_t max_line = 1 << 20, max_pending = size_t{64} << 20;
  app.add_option("paths", paths, "Files or globs (* ? [..] **) to follow");
  app.add_option("--watches", run.events, "Also follow the watch events in FILE (- for stdin), from lc-render");
  app.add_option("--checkpoint", run.checkpoint, "Read-position state file (created if missing; 0600)");
  app.add_option("--commit", run.commit, "Resume from the cursors lc-ship committed to FILE (needs --checkpoint)");
  app.add_option("--from", from, "Start of a file with no checkpoint: head or tail (default: tail for files present at start, head for later ones)")
      ->check(CLI::IsMember({"head", "tail"}));
  app.add_flag("--once", run.once, "Read every matched file to its end, save the checkpoint, exit");
  app.add_option("--exclude", excludes, "Skip files matching GLOB (no '/': matches the base name); repeatable")
      ->allow_extra_args(false);
  app.add_option("--max-line-bytes", max_line, "Cut longer lines into pieces flagged lc.truncated")->check(CLI::Range(16, 1 << 30));
  app.add_option("--max-pending-bytes", max_pending, "Bound on the partial lines and multiline records held of all files; past it they go out in pieces flagged lc.truncated")
      ->check(CLI::Range(size_t{4096}, size_t{1} << 40));
  app.add_option("--poll", poll, "Stat poll period beside inotify");
  app.add_option("--read-delay", read_delay, "Read a noticed change this long after it (added latency; 0: at once)");
  app.add_option("--rate-limit", run.rate_limit, "Read at most RATE bytes per second over all files (e.g. 10MB/s, 512KiB/s; 0: no limit)");
  app.add_option("--flush-partial", flush_partial, "Emit a last line without newline after this idle time");
  app.add_option("--checkpoint-interval", save_every, "Save the checkpoint this often");
  app.add_option("--metrics-file", run.metrics_file, "Write files followed, bytes read, errors and the unread lag there (Prometheus text)");
  app.add_option("--metrics-interval", metrics_every, "Write --metrics-file this often");
  app.add_option("--close-idle", close_idle, "Close descriptors of files idle this long (reopened by identity)");
  app.add_option("--rotate-wait", rotate_wait, "Keep reading a rotated file until it has been quiet this long");
  app.add_option("--tag", tag_args, "KEY=VALUE added to every record; repeatable")->allow_extra_args(false);
  lc::ShapeFlags shape_flags;
  lc::AddShapeFlags(app, &shape_flags);
  if (int rc = lc::ParseCli(app, "lc-tail", argc, argv); rc >= 0) return rc;

  lc::TailOptions opt;
  lc::Tags tags;
  opt.max_line_bytes = max_line;
  opt.max_pending_bytes = max_pending;
  opt.encoding = shape_flags.encoding;
  opt.from_head = from == "head";
  opt.from_tail = from == "tail";
  if (!lc::ParseDurationFlags("lc-tail", {{"--poll", &poll, &opt.poll_ns, true},
                                           {"--flush-partial", &flush_partial, &opt.partial_flush_ns},
                                           {"--checkpoint-interval", &save_every, &opt.checkpoint_interval_ns},
                                           {"--close-idle", &close_idle, &opt.close_idle_ns},
                                           {"--rotate-wait", &rotate_wait, &opt.rotate_wait_ns},
                                           {"--read-delay", &read_delay, &opt.read_delay_ns},
                                           {"--metrics-interval", &metrics_every, &run.metrics_interval_ns, true}})) {
    return 2;
  }
  std::unique_ptr<lc::RecordShaper> shaper;
  if (!lc::ParseKeyValues(tag_args, "lc-tail", "--tag", &tags)) return 2;
  if (!lc::MakeShaper("lc-tail", shape_flags, &shaper)) return 2;
  if (paths.empty() && run.events.empty()) {
    fprintf(stderr, "lc-tail: nothing to follow: give PATHs or --watches (see --help)\n");
    return 2;
  }
  lc::OutputWriter out(1);
  lc::RecordWriter writer(&out, lc::HostName(), tags);
  lc::Reporter reporter("lc-tail");
  lc::ParseStage stage(shaper.get(), &writer, lc::SystemClock(), &tags);
  // Watches may carry their own parser (lc-config(5)): the stage is there for them.
  lc::LineHandler* handler = shaper || !run.events.empty() ? static_cast<lc::LineHandler*>(&stage) : &writer;
  lc::Tailer tailer(opt, lc::RealFileSystem(), lc::SystemClock(), handler, &out, &reporter);
  stage.ShareBudget(tailer.held_bytes());  // --max-pending-bytes bounds multiline records too
  for (std::string& p : paths) p = lc::AbsolutePath(p);
  if (!paths.empty()) tailer.AddSource(lc::WatchSource{"", paths, excludes, "", {}, "", 0, true, "", ""});
  run.apply = [&](const std::string& line) { return tailer.ApplyWatchEvent(line); };
  run.at_exit = [&] {
    if (stage.parsing()) fprintf(stderr, "%s\n", stage.CountersJson().c_str());
  };
  return lc::RunTailer(&tailer, run);
}
