// Tailer: follows a changing set of files and hands their lines, in order,
// to a LineHandler; keeps the read positions in a checkpoint.
//
// This is the file-following core shared by lc-tail and lc-stdout.  It owns
// discovery (globs, inotify plus a stat poll), file identity (file_identity.h),
// rotation, truncation, deletion, idle descriptors, fairness and checkpoints.
// What a line becomes (a plain record, a parsed Docker/CRI record, a joined
// multiline event) is the LineHandler's business.
//
// Contracts:
//  - Lines of one file are handed out in file order.  When a path is rotated
//    (renamed away, or deleted), the old file is drained to EOF before the
//    new file at that path is read.  It is let go only once no byte has
//    arrived in it for rotate_wait: a writer may go on writing into the
//    renamed file until it reopens the path (containerd between the kubelet's
//    rename and its reopen request, a daemon before its SIGHUP), and those
//    late lines are handed out as they come.  In RunOnce it is let go at EOF.
//  - Each turn reads at most TailOptions::read_chunk bytes per file, so a hot
//    file cannot starve the others.
//  - With TailOptions::rate_limit, the bytes read over all files keep to
//    that many per second (a burst of one second's worth at most): a read
//    chunk is then about an eighth of a second's worth (4 KiB at least), a
//    turn the budget cuts short is taken up at the file it stopped at (so
//    every file still has its turn), and meanwhile the tailer sleeps until
//    the budget allows the next read, listening to signals and events.
//    Nothing is skipped: what waits stays in the files, a partial line
//    waiting for its bytes is not flushed as idle, the checkpoint holds the
//    offsets reached, RunOnce still reads everything (slower), and a stop
//    signal ends its wait.
//  - A line written is handed out within read_delay (plus the time to read
//    what came before it) of its write being noticed: by inotify at once,
//    by the stat poll otherwise.  A file no change was noticed in is not
//    touched between polls.
//  - The stat poll lists the directories again and stats every matched
//    path (a full discovery) unless inotify watches all of them, on local
//    filesystems, and lost no event; then a poll touches no idle file, and
//    the full one comes once every 30 polls (a write inotify cannot hear:
//    through mmap).
//  - Where a file starts (its checkpoint entry, lc-ship's commits, head or
//    tail) is decided by one rule, for a file found by the globs and for one
//    found rotated beside its old path alike: start_position.h.
//  - Checkpoints hold, per file: its identity, path, the safe offset (before
//    any partial line or pending join), the offset where reading started, and
//    when it was last seen.  They are saved atomically every
//    checkpoint_interval, before the first line of a new file is handed out
//    (so every lc.cursor key can be resolved after a crash), and on exit.
//    The output is flushed before each save, so a saved offset never runs
//    ahead of what was written.
//  - Diagnostics go through the Reporter, named for the tool (reporter.h).
#ifndef LC_COMMON_TAILER_H_
#define LC_COMMON_TAILER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/byte_budget.h"
#include "common/base/clock.h"
#include "common/stream/commit_file.h"
#include "common/tail/file_identity.h"
#include "common/base/file_system.h"
#include "common/base/output_writer.h"
#include "common/base/status.h"
#include "common/tail/line_handler.h"
#include "common/tail/reporter.h"
#include "common/tail/tail_metrics.h"
#include "common/tail/watch_source.h"

namespace lc {

struct TailOptions {
  size_t max_line_bytes = 1 << 20;
  // The partial lines (bytes after a file's last newline) of all files
  // together (--max-pending-bytes): past it, a file's partial line goes out
  // in pieces flagged lc.truncated, as a line longer than max_line_bytes
  // does (line_splitter.h).  Bounds lc-tail's memory whatever its files hold.
  // The multiline records its files hold count in it too when the line
  // handler shares it (Tailer::held_bytes, parse_stage.h).
  size_t max_pending_bytes = size_t{64} << 20;
  int64_t partial_flush_ns = 5 * kSeconds;   // emit a held partial line after this idle time
  int64_t poll_ns = 1 * kSeconds;            // stat safety net beside inotify
  // The latency budget (--read-delay): a change noticed (inotify, the
  // poll) is read this long after, so one wake-up reads the writes of the
  // whole delay, not one each.  0: at once.
  int64_t read_delay_ns = 0;
  int64_t close_idle_ns = 300 * kSeconds;    // close descriptors of files idle this long
  int64_t rotate_wait_ns = 5 * kSeconds;     // keep a rotated file this long after its last byte
  int64_t checkpoint_interval_ns = 5 * kSeconds;
  int64_t forget_ns = 86400 * kSeconds;      // prune checkpoint entries unseen this long
  size_t read_chunk = 256 * 1024;            // bytes per file per turn
  // --rate-limit: bytes per second read over all files (RateLimiter,
  // common/base/rate_limiter.h); 0: no limit.
  int64_t rate_limit = 0;
  bool from_head = false;                    // --from head: files present at start from 0
  bool from_tail = false;                    // --from tail: files appearing later from their end
  // lc-stdout: a file's tail is its lines of the last 5 s before start, by
  // their own timestamps, and `since` (--since, ns) starts every file that
  // no checkpoint knows at a time (start_position.h).
  bool tail_by_time = false;
  int64_t since = 0;
  bool use_inotify = true;
  // --encoding: the files' encoding (text_decoder.h), decoded to UTF-8
  // before lines are split; a watch's own (its parser's "encoding") wins.
  // "" or UTF-8: the bytes as they are.
  std::string encoding;
};

class Tailer {
 public:
  // `reporter` null: diagnostics as "lc-tail: ..." on stderr.
  Tailer(const TailOptions& options, FileSystem* fs, Clock* clock, LineHandler* handler,
         OutputWriter* out, Reporter* reporter = nullptr);
  ~Tailer();

  // A missing file is fine, and so is an empty one (reported: as on a
  // first run); a broken one is InvalidArgument naming it (and
  // the line), and is left untouched.
  Status LoadCheckpoint(const std::string& path);
  Status LoadCommits(const std::string& path);

  // Adds or replaces the source with s.key.
  void AddSource(WatchSource s);
  // Files only this source matched are drained to EOF, then let go.
  void RemoveSource(const std::string& key);
  // Removes every source that is not pinned and not in `keys`.
  void SyncSources(const std::set<std::string>& keys);
  // One line of the watch stream (lc-streams(7), WATCH EVENTS), decoded and
  // applied: add -> AddSource, remove -> RemoveSource, sync -> SyncSources.
  // InvalidArgument (nothing applied) says what is wrong with it.
  Status ApplyWatchEvent(std::string_view line);

  // One pass: find files, read each to EOF, save the checkpoint.
  Status RunOnce();
  // Follows until a stop signal, or the output is closed; on SIGUSR2
  // (DrainRequested) it finishes as RunOnce does: every file to its end.  `extra_fd`, if
  // >= 0, is polled too and `on_extra` is called when it is readable (the
  // --watches stream); it returns false once that stream has ended.
  Status Follow(int extra_fd, const std::function<bool()>& on_extra);
  Status SaveCheckpoint();

  // Files that could not be opened or read (each reported once on stderr).
  int error_count() const { return error_count_; }
  TailMetrics Metrics() const;
  // The bound on the bytes the files hold (TailOptions::max_pending_bytes),
  // for the line handler's multiline records to count in as well.
  std::shared_ptr<ByteBudget> held_bytes() const;
  // --metrics-file: Metrics() written to `path` (atomically), named for
  // `tool`, every `interval_ns` while following and at the end of a run.
  void SetMetricsFile(const std::string& path, const std::string& tool, int64_t interval_ns);
  // --rate-limit (TailOptions::rate_limit), set before the first read;
  // 0: no limit.
  void SetRateLimit(int64_t bytes_per_second);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  int error_count_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_TAILER_H_
