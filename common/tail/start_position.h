// StartPosition: where reading of a file begins, and why: the one resume
// rule of lc-tail and lc-stdout (lc-tail(1), "Where a file starts";
// lc-stdout(1), --since and --commit).
//
// DecideStart is a pure function of what is known when a file is found: how
// it relates to a checkpoint entry, lc-ship's commit file, the source's and
// the run's start options.  The Tailer gathers those facts (it reads files
// and checkpoints) and applies the answer; nothing else decides where a file
// starts.  The rule:
//  - A file a checkpoint entry knows (same identity, at its path or renamed
//    and found beside it, or compressed while we were down) resumes: from the
//    entry's offset; with commits, each cursor stream of the file (see
//    LineHandler::CursorStreams) from its own committed offset, or from the
//    entry's `start` if nothing of that stream was committed, and reading
//    starts at the earliest of them (the handler skips what each stream has
//    delivered already: StartPosition::committed).  A commit past the file's
//    end (another file's, or a stale checkpoint) falls back to the entry.
//    A rotated file with nothing left after that point is skipped.
//    A copytruncate copy of it ("x.log.1": another inode, its first bytes)
//    or a gzip'd copy counts as it, rotated.
//  - A rotated generation beside the path that no entry knows but that is
//    newer than the newest generation an entry knows (made and rotated away
//    while we were down: "x.log.1" after "x.log.2.gz" was ours) is read
//    from 0, oldest first, before the file now at the path; unless its last
//    write is more than 2 h older than the newest `seen` of the path's
//    entries (then it was read before, and let go: `seen` may lag an hour).
//  - An entry whose file is gone (no generation has it) lost what was not
//    read of it: the bytes from where it would resume to the size it was
//    last seen at (`lost`; -1 when the checkpoint did not record a size).
//  - A file truncated while we were down (same inode and first bytes,
//    shorter than the saved offset) is read from 0.
//  - Any other file (new, or an inode reused by another file) starts at its
//    head or its tail.  Tail on a first run (no checkpoint file existed) for
//    a file present at start; head for a file found later (by this process,
//    or since the checkpoint was written, or one that replaced a followed
//    file at its path).  A source's `from` wins; then --from head|tail.
//    lc-stdout dates its lines: its --since (or a container's start) makes
//    the head a time, and its tail is "5 s before start", not a position.
#ifndef LC_COMMON_TAIL_START_POSITION_H_
#define LC_COMMON_TAIL_START_POSITION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/stream/commit_file.h"
#include "common/tail/checkpoint.h"

namespace lc {

// How a file found now relates to the checkpoint.
enum class Match {
  kNone,       // no entry has its identity: a file new to us
  kReused,     // an entry's inode, other first bytes: a new file
  kSame,       // an entry's file at its path
  kRotated,    // an entry's file renamed (or compressed) beside its old path
  kTruncated,  // an entry's file, now shorter than the entry's offset
  kGeneration, // a rotated generation beside the path, newer than every entry of it
  kGone,       // an entry whose file no generation holds any more
};

// What DecideStart looks at.  Pointers may be null where noted.
struct StartFacts {
  // The file.
  Match match = Match::kNone;
  const CheckpointEntry* entry = nullptr;  // for kSame, kRotated, kTruncated, kGone
  int64_t size = 0;                        // bytes readable now (decompressed, for a .gz)
  int64_t mtime_ns = 0;                    // kGeneration: its last write
  int64_t entries_seen = 0;                // kGeneration: the newest `seen` of the path's entries (s)
  // Its source (WatchSource).
  std::string from;           // "", "head" or "tail"
  int64_t source_since = 0;   // lines older than this predate the process (first run only)
  // The run.
  bool from_head = false, from_tail = false;  // --from
  bool tail_by_time = false;  // lc-stdout: the tail is the lines of the last 5 s before start
  int64_t since = 0;          // lc-stdout --since (ns since epoch); 0: none
  int64_t start_time = 0;     // when this process started (ns since epoch)
  bool had_checkpoint = false;    // a checkpoint file existed when this process started
  bool present_at_start = false;  // found by this process's first discovery
  bool replaced = false;          // it took the path of a file this process followed
  const CursorMap* commits = nullptr;                 // --commit, else null
  const std::vector<std::string>* streams = nullptr;  // cursor streams; null: {""}
};

struct StartPosition {
  int64_t offset = 0;       // the first byte to read
  bool at_last_line = false;  // instead: the last line boundary (the caller reads the file)
  bool skip = false;        // a rotated file with nothing left to read (or gone)
  int64_t lost = 0;         // kGone: bytes never read (-1: unknown)
  bool resumed = false;     // from a checkpoint entry (or its commits)
  int64_t since = 0;        // the handler skips lines dated before this (ns); 0: none
  // Per cursor stream, in the order of StartFacts::streams: the offset up to
  // which that stream was delivered (its lines ending there or before are
  // skipped), or -1.
  std::vector<int64_t> committed;
  const char* why = "";     // for tests and diagnostics
};

StartPosition DecideStart(const StartFacts& facts);

}  // namespace lc

#endif  // LC_COMMON_TAIL_START_POSITION_H_
