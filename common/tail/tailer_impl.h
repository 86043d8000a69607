// Tailer::Impl: the state of a Tailer and the steps it is made of, shared
// by tailer.cc (reading, checkpoints, the loops), tailer_notice.cc (what
// wakes it and which files it reads then: inotify, the write mode, the
// poll), tailer_discovery.cc (globs, rotation, where a newly found file
// starts), tailer_generations.cc (rotated generations read at start and
// when a path is replaced) and tailer_checkpoint.cc (the checkpoint and
// commit files).
// Private to those files; the contracts are in tailer.h.
#ifndef LC_COMMON_TAILER_IMPL_H_
#define LC_COMMON_TAILER_IMPL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/base/flat_map.h"
#include "common/base/rate_limiter.h"
#include "common/tail/checkpoint.h"
#include "common/tail/followed_file.h"
#include "common/tail/gzip_file.h"
#include "common/tail/inotify_watcher.h"
#include "common/tail/rotated_generations.h"
#include "common/tail/start_position.h"
#include "common/tail/tailer.h"

namespace lc {

struct Tailer::Impl {
  using InodeKey = std::pair<uint64_t, uint64_t>;

  TailOptions opt;
  FileSystem* fs;
  Clock* clock;
  LineHandler* handler;
  OutputWriter* out;
  Tailer* owner;
  Reporter default_reporter{"lc-tail"};
  Reporter* reporter;
  int64_t start_time;  // wall ns, when this Tailer was made: "5 s before start"

  std::map<std::string, std::shared_ptr<WatchSource>> sources;
  // Walked several times per wake-up, changed at a rotation: a FlatMap.
  // Nothing is added or dropped while it is walked (Turn releases after).
  FlatMap<InodeKey, std::unique_ptr<FollowedFile>> files;
  std::unordered_map<std::string, FollowedFile*> by_path;  // current (non-rotated) file at a path
  std::map<std::string, CheckpointEntry> saved;     // loaded entries not yet matched, by key
  CursorMap commits;
  bool use_commits = false;
  std::string commit_path;
  // With --commit: entries of content read and let go (a drained rotated
  // file; the content a truncation replaced, read on from the copy) that
  // lc-ship may not have committed yet.  They stay in the checkpoint until
  // the commit file passes their offset, so that a restart after a kill
  // finds the file beside the path (RecoverGenerations) and reads on from
  // the commit instead of taking it for a generation read before.
  std::vector<CheckpointEntry> retired;
  std::string checkpoint_path;
  std::unordered_set<std::string> checkpoint_keys;  // of the checkpoint file as last written (or loaded)
  std::set<std::string> reported;                   // paths whose error was printed
  InotifyWatcher inotify;
  bool first_discovery = true;
  bool had_checkpoint = false;  // a checkpoint file existed: unknown files are new since then
  bool need_save = false;
  int64_t last_save_mono = 0;
  uint64_t last_saved_hash = 0;   // of what the last save wrote, to skip idle saves
  int64_t last_written_mono = 0;
  int64_t last_poll_mono = 0;
  // When the directories were last listed (Discover).  While inotify hears
  // every change in all of them (QuietPolls), a
  // poll touches only files in their rotate wait or waiting for their read,
  // an idle tailer does not wake for it, and the directories are listed
  // every kPollsPerListing poll periods.
  static constexpr int kPollsPerListing = 30;
  int64_t last_listing_mono = 0;
  int64_t listings = 0;  // Discover calls, for --metrics-file
  std::string metrics_path, metrics_tool;  // SetMetricsFile
  int64_t metrics_interval_ns = 10 * kSeconds;
  int64_t last_metrics_mono = 0;
  std::string last_metrics;  // the text last written: an idle node rewrites nothing
  FollowContext ctx;  // shared by every FollowedFile
  // TailOptions::rate_limit, if any.
  std::unique_ptr<RateLimiter> limiter;
  // Where the next Turn starts: the file the budget stopped the last one at
  // (lower_bound: it may be gone since).  {0, 0}: the first file.
  InodeKey turn_start{0, 0};
  // The last Turn was cut short by the budget: some file waits for it.
  bool throttled = false;

  Impl(const TailOptions& o, FileSystem* f, Clock* c, LineHandler* h, OutputWriter* w, Tailer* t,
       Reporter* r)
      : opt(o), fs(f), clock(c), handler(h), out(w), owner(t),
        reporter(r != nullptr ? r : &default_reporter), start_time(c->NowNanos()),
        ctx{f, c, h, o.max_line_bytes, std::vector<char>(o.read_chunk), [this] { Save(); },
            [this](const CheckpointEntry& e) { Retire(e); }} {
    LimitRate(o.rate_limit);
    ctx.encoding = o.encoding;
    ctx.pending = std::make_shared<ByteBudget>(o.max_pending_bytes);
  }

  // Tailer::SetRateLimit: the limiter, and the read chunk cut to about an
  // eighth of a second's worth of the rate (4 KiB at least), so that the
  // budget is spent in small steps and a turn reaches every file within
  // the second.  The burst is one second's worth, or a chunk if larger.
  void LimitRate(int64_t bytes_per_second);
  // With a limiter, a file that has bytes to read (hot) and may be read
  // (no predecessor) waits for the budget: none of it is idle.
  bool WaitsForBudget(const FollowedFile& t) const {
    return limiter != nullptr && t.hot() && t.predecessor() == nullptr;
  }
  // Sleeps until the budget allows a read, or a signal comes.  False if it
  // was a stop signal.
  bool AwaitBudget();

  // --metrics-file, if any: written now.
  void WriteMetrics();

  // Keeps `e` in the checkpoint until it is committed (`retired`).
  void Retire(const CheckpointEntry& e);
  // Drops the retired entries the commit file (read again) has passed.
  void DropCommittedRetired(int64_t now_s);
  // With commits: a forget line (forget_line.h) for each cursor stream of
  // each key the checkpoint just written no longer holds.  A commit is read
  // only through a checkpoint entry, so lc-ship may drop it.
  void ForgetKeysGone(const std::vector<CheckpointEntry>& entries);

  void Report(const std::string& path, const Status& s);

  // ---- discovery ----------------------------------------------------------

  void Discover();
  // One listing; whether it watched a directory anew (then list again).
  bool DiscoverPass();

  // A rotated file's rotate wait is over (FollowedFile::RotateWaitEnd).
  bool RotateWaitOver(const FollowedFile* t, int64_t now) const;

  // A literal path matched nothing: says why if it is there but cannot be
  // followed (a directory, a FIFO, a symlink loop); once per path.
  void NotFollowable(const std::string& path);

  void Found(const std::shared_ptr<WatchSource>& src, const std::string& path, const FileInfo& info,
             const std::string& beneath);
  // The file last followed at `path` that a discovery found gone from it
  // (renamed out of the globs, or deleted) and that is still read in its
  // rotate wait, or null: a file that appears at the path later is its
  // successor, read after it, as when both were seen at one look.
  FollowedFile* RotatedAwayFrom(const std::string& path);

  // The facts of the resume rule (start_position.h) that come from the
  // options, the commits, the handler and `src`; the caller adds the file's.
  StartFacts RunFacts(const WatchSource& src) const;

  // The saved entry with the inode of `info` (saved.end() if none), and how
  // `file` relates to it: kSame, kTruncated or kReused.
  Status MatchEntry(File* file, const FileInfo& info, Match* match,
                    std::map<std::string, CheckpointEntry>::iterator* entry);

  // The offset just past the last '\n' before `size` (0 if none in the last 64 KiB).
  int64_t LastLineBoundary(File* f, int64_t size);

  // Checkpoint entries whose file was not found by the globs (renamed away
  // while we were down, e.g. a.log -> a.log.1): RecoverGenerations of
  // their paths, at start.
  void RecoverRotated();

  // The generations beside `path` (rotated_generations.h) that hold a
  // checkpoint entry of it (renamed, copied by copytruncate, compressed)
  // are read on from the entry; with `replaced` (the path holds another
  // file now), so are the generations newer than the newest of those, from
  // 0, and an entry no generation holds is reported lost (start_position.h).
  // Oldest first, then the file at the path.
  void RecoverGenerations(const std::string& path, bool replaced);
  // The entry of `entries` that generation `g` holds (-1: none); `file` is
  // it opened (null if it could not be; `g` may become its ".gz", see
  // OpenGeneration).
  int MatchGeneration(Generation* g, const std::vector<const CheckpointEntry*>& entries,
                      const WatchSource& src, const std::string& beneath, std::unique_ptr<File>* file,
                      FileInfo* info);
  // A compressed generation `g` beside `path` that could not be read yet
  // (logrotate still writing its gzip), whose first bytes `head` could:
  // kept as a checkpoint entry of `path` at offset 0, so that the next
  // recovery of the path (a restart, or its next rotation) matches it and
  // reads it whole, instead of taking it for a generation read before.
  void RememberUnreadGeneration(const std::string& path, const Generation& g, const std::string& head);
  // The source whose literal directory holds `path`, and that directory.
  bool SourceFor(const std::string& path, std::shared_ptr<WatchSource>* src, std::string* beneath) const;
  std::vector<CheckpointEntry> moved_away;  // found truncated by discovery
  std::set<std::string> replaced_paths;     // found holding another file than their entry's
  // Of those, the ones that held a followed file until now: its entry,
  // and a second one for its first bytes now if they are other than those
  // it was keyed by (copied and truncated since it was last read: the
  // generations up to the one that begins so are its to read).
  std::map<std::string, std::vector<CheckpointEntry>> followed_before;

  // ---- reading ------------------------------------------------------------

  // Reads one chunk from every file that may have bytes.  True if any line
  // or byte moved.
  bool Turn(bool all);

  // The files waiting for `t` to be drained may be read now.
  bool ReleaseSuccessors(FollowedFile* t);

  // How long Follow may sleep: 0 while a readable file may have bytes (or
  // until the read delay of a noticed change is over), else until the next
  // stat poll, held partial line or rotate wait is due.
  int64_t WaitNanos(int64_t mono) const;
  // When the first change not read yet was noticed (-1: none): its read
  // delay runs from then (TailOptions::read_delay_ns).
  int64_t noticed_mono = -1;
  // When inotify last woke us for nothing we follow (a compiler in /tmp,
  // an ancestor of the globs): it is not listened to for read_delay after,
  // so such churn costs at most one wake-up per read_delay.  -1: listening.
  int64_t inotify_idle_mono = -1;
  // The same for the entries' instance (InotifyWatcher::entries_fd), which
  // is listened to even while a read delay runs: a new file is opened at
  // once.
  int64_t entries_idle_mono = -1;
  // Some file may be read now.
  bool AnyHot() const;
  // Every file is read at the next read: a one-shot watch fired, or the
  // one-shot mode (Timed, below) reads them all.
  void MarkAllHot();
  // inotify watches every searched directory, hears every change there
  // (InotifyWatcher::complete) and no file waits for a descriptor: the
  // directories need listing only every kPollsPerListing poll periods.
  bool QuietPolls() const;
  // The stat poll: true if it must list the directories (Discover), else
  // it has looked at the files that are not idle (PollFollowed).
  bool Poll();
  void PollFollowed();
  // Marks the files inotify names hot (all of them when a one-shot watch
  // fired); true if a rediscovery is asked for.
  bool Apply(const InotifyWatcher::Changes& ch);
  // One-shot write watches, the mode of a busy node: while nearly every
  // followed file has bytes at each read (90% to enter, at least
  // kOneShotMinFiles of them; 75% to stay), a write watch hears one write
  // (InotifyWatcher::SetOneShotWrites) and every file is read at each
  // delay's end.  inotify makes an event per write per file (100
  // containers writing line by line: 10,000 a second, each allocated,
  // queued, copied to us and parsed); a node where every file is busy
  // reads every file each delay anyway.  Then:
  //  - over kTimedMinDirs directories watched for writes (a container's log is
  //    a file alone in its directory), timed reads: the watches are not
  //    re-armed, and the next delay starts when a read ends.  Re-arming a
  //    watch per directory per delay cost more than the events it spared
  //    (bench/agent.sh, 100 containers: lc-tail 1.37% of a core with
  //    re-arms, 0.77% with per-write watches, 0.60% timed);
  //  - else the few fired watches are re-armed before each read, and the
  //    first write after it begins the next delay (1000 files in one
  //    directory: a third cheaper than per-write watches, and cheaper
  //    than timed reads, whose delays follow each other without a gap).
  // Leaving, the watches come back and every file is read once more.
  bool Timed() const { return inotify.one_shot_writes() && timed; }
  bool timed = false;
  int64_t write_mode_changes = 0;  // for the metrics
  // After the read that ended a read delay, begun at `since`: enters or
  // leaves the one-shot mode.
  void ChooseWriteMode(int64_t since);
  static constexpr size_t kTimedMinDirs = 8;
  static constexpr size_t kOneShotMinFiles = 16;

  // 1: read bytes; 0: at EOF; -1: error (reported).
  int ReadChunk(FollowedFile* t);

  void Release(const InodeKey& ik);

  // Out of descriptors (`why`): closes the least recently active files
  // (reopened by identity when they grow), says so once.  False if none
  // could be closed.
  bool ShedDescriptors(const Status& why);
  // Sheds descriptors unless two are free (before a directory listing).
  void KeepSpareDescriptors();
  // Not matched by discovery, but its source is still here and its path
  // still holds it: the listing failed, it was not rotated.
  bool StillThere(FollowedFile* t);
  bool said_out_of_descriptors = false;
  // Paths present at start that could not be opened for want of
  // descriptors: still "present at start" when opened later.
  std::set<std::string> deferred_at_start;

  // Emits partial lines idle for partial_flush_ns; closes idle descriptors.
  void IdleWork(bool once);


  // ---- checkpoint ---------------------------------------------------------

  Status Save();

  // ---- loops --------------------------------------------------------------

  // Turns until nothing moves (waiting for the budget when a turn was cut
  // short by it).  False if a stop signal ended the wait first.
  bool DrainAll();
};

}  // namespace lc

#endif  // LC_COMMON_TAILER_IMPL_H_
