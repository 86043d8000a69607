#include "common/tail/start_position.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/base/clock.h"

namespace lc {
namespace {

// One row: the facts that differ from a plain run, and what must be decided.
struct Row {
  const char* name;
  Match match;
  bool had_checkpoint, present_at_start, replaced;
  std::string from;         // the source's
  bool from_head, from_tail, by_time;
  int64_t since, source_since;
  bool with_commits, per_stream;
  int64_t size;
  // Expected.
  int64_t offset;
  bool at_last_line, skip, resumed;
  int64_t want_since;
  std::vector<int64_t> committed;
  int64_t lost = 0;
  int64_t gen_mtime_s = 0, entries_seen = 0;  // kGeneration
};

constexpr int64_t kStart = 1'800'000'000 * kSeconds;
constexpr int64_t T5 = kStart - 5 * kSeconds;

// The entry: offset 300 read, reading began at 100, 800 bytes long when
// last saved; commits: lc-tail's key
// delivered to 200; lc-stdout's stdout to 250, stderr to 150, no raw.
const CheckpointEntry kEntry{"k", "/l/a.log", {}, 300, 100, 800, 0};
const CheckpointEntry kUnsized{"k", "/l/a.log", {}, 300, 100, 0, 0};
const CursorMap kCommits{{"k", 200}, {"k/stdout", 250}, {"k/stderr", 150}, {"other/stdout", 9}};
const std::vector<std::string> kStreams{"/stdout", "/stderr", "/raw"};

const Row kRows[] = {
    // name                                   match          ck     start  repl  from    head   tail   time   since   ssince with   per   size  | offset last  skip   res    since  committed
    {"first run, present at start: tail",     Match::kNone,  false, true,  false, "",    false, false, false, 0,     0,     false, false, 500,  0,     true,  false, false, 0,  {}},
    {"first run, --from head",                Match::kNone,  false, true,  false, "",    true,  false, false, 0,     0,     false, false, 500,  0,     false, false, false, 0,  {}},
    {"first run, source from tail wins",      Match::kNone,  false, true,  false, "tail", true, false, false, 0,     0,     false, false, 500,  0,     true,  false, false, 0,  {}},
    {"first run, found later: head",          Match::kNone,  false, false, false, "",    false, false, false, 0,     0,     false, false, 500,  0,     false, false, false, 0,  {}},
    {"found later, --from tail",              Match::kNone,  false, false, false, "",    false, true,  false, 0,     0,     false, false, 500,  0,     true,  false, false, 0,  {}},
    {"later run, unknown file: head",         Match::kNone,  true,  true,  false, "",    false, false, false, 0,     0,     false, false, 500,  0,     false, false, false, 0,  {}},
    {"replaced a followed file: head",        Match::kNone,  false, false, true,  "",    false, false, false, 0,     0,     false, false, 500,  0,     false, false, false, 0,  {}},
    {"resume from the checkpoint",            Match::kSame,  true,  true,  false, "",    false, false, false, 0,     0,     false, false, 500,  300,   false, false, true,  0,  {}},
    {"resume ignores --from and --since",     Match::kSame,  true,  true,  false, "tail", false, true, true,  T5,    T5,    false, false, 500,  300,   false, false, true,  0,  {}},
    {"resume from the commit",                Match::kSame,  true,  true,  false, "",    false, false, false, 0,     0,     true,  false, 500,  200,   false, false, true,  0,  {200}},
    {"per-stream commits: the earliest, raw from start", Match::kSame, true, true, false, "", false, false, true, 0, 0,   true,  true,  500,  100,   false, false, true,  0,  {250, 150, -1}},
    {"a commit past the end: the checkpoint", Match::kSame,  true,  true,  false, "",    false, false, false, 0,     0,     true,  false, 150,  0,     false, false, true,  0,  {-1}},
    {"rotated while down: from the checkpoint", Match::kRotated, true, true, false, "",  false, false, false, 0,     0,     false, false, 500,  300,   false, false, true,  0,  {}},
    {"rotated while down: from the commit",   Match::kRotated, true, true, false, "",    false, false, false, 0,     0,     true,  false, 500,  200,   false, false, true,  0,  {200}},
    {"rotated, per-stream commits (lc-stdout)", Match::kRotated, true, true, false, "",  false, false, true,  0,     0,     true,  true,  500,  100,   false, false, true,  0,  {250, 150, -1}},
    {"rotated, read to its end: skipped",     Match::kRotated, true, true, false, "",    false, false, false, 0,     0,     false, false, 300,  300,   false, true,  true,  0,  {}},
    {"rotated and compressed: as rotated",    Match::kRotated, true, true, false, "",    false, false, false, 0,     0,     true,  false, 900,  200,   false, false, true,  0,  {200}},
    {"truncated while down: from 0",          Match::kTruncated, true, true, false, "tail", false, true, false, 0,   0,     true,  false, 10,   0,     false, false, false, 0,  {}},
    {"inode reused: a new file, head",        Match::kReused, true, true,  false, "",    false, false, false, 0,     0,     true,  false, 10,   0,     false, false, false, 0,  {}},
    {"inode reused, --from tail",             Match::kReused, true, true,  false, "",    false, true,  false, 0,     0,     false, false, 10,   0,     true,  false, false, 0,  {}},
    {"lc-stdout first run: the last 5 s",     Match::kNone,  false, true,  false, "",    false, false, true,  0,     0,     false, false, 500,  0,     false, false, false, T5, {}},
    {"lc-stdout later run: from the first line", Match::kNone, true, true, false, "",    false, false, true,  0,     0,     false, false, 500,  0,     false, false, false, 0,  {}},
    {"lc-stdout --since, even later",         Match::kNone,  true,  false, false, "",    false, false, true,  42,    0,     false, false, 500,  0,     false, false, false, 42, {}},
    {"container running before start, first run", Match::kNone, false, true, false, "head", false, false, true, 0,   T5,    false, false, 500,  0,     false, false, false, T5, {}},
    {"container running before start, later run", Match::kNone, true, true, false, "head", false, false, true, 0,    T5,    false, false, 500,  0,     false, false, false, 0,  {}},
    // Generations beside the path (rotated_generations.h) and entries whose file is gone.
    {"a generation newer than the checkpoint: from 0", Match::kGeneration, true, true, false, "", false, false, false, 0, 0, true, false, 500, 0, false, false, false, 0,  {}},
    {"a newer generation ignores --from tail",  Match::kGeneration, true, true, false, "tail", false, true, false, 0,  0,     false, false, 500,  0,     false, false, false, 0,  {}},
    {"a generation written after the entries were seen", Match::kGeneration, true, true, false, "", false, false, false, 0, 0, false, false, 500, 0, false, false, false, 0, {}, 0, 5000, 4000},
    {"a generation last written 2 h before they were seen: read before", Match::kGeneration, true, true, false, "", false, false, false, 0, 0, false, false, 500, 0, false, true, false, 0, {}, 0, 1000, 1000 + 7201},
    {"an empty newer generation: skipped",      Match::kGeneration, true, true, false, "",  false, false, false, 0,     0,     false, false, 0,    0,     false, true,  false, 0,  {}},
    {"a copytruncate copy: as rotated, from the commit", Match::kRotated, true, true, false, "", false, false, false, 0, 0,  true,  false, 800,  200,   false, false, true,  0,  {200}},
    {"gone: lost from the checkpoint to its size", Match::kGone, true, true,  false, "",    false, false, false, 0,     0,     false, false, 0,    300,   false, true,  false, 0,  {}, 500},
    {"gone: lost from the commit to its size",  Match::kGone,  true,  true,  false, "",    false, false, false, 0,     0,     true,  false, 0,    200,   false, true,  false, 0,  {}, 600},
    {"gone, per-stream commits: from the earliest", Match::kGone, true, true, false, "",  false, false, true,  0,     0,     true,  true,  0,    100,   false, true,  false, 0,  {}, 700},
    {"gone, its size unknown (older checkpoint)", Match::kGone, true, true, false, "",    false, false, false, 0,     0,     false, false, 0,    300,   false, true,  false, 0,  {}, -1},
};

TEST(StartPositionTest, TheResumeRuleRowByRow) {
  for (const Row& r : kRows) {
    SCOPED_TRACE(r.name);
    StartFacts f;
    f.match = r.match;
    f.entry = r.match == Match::kNone || r.match == Match::kReused || r.match == Match::kGeneration ? nullptr
              : r.lost == -1                                                                    ? &kUnsized
                                                                                                : &kEntry;
    f.size = r.size;
    f.mtime_ns = r.gen_mtime_s * kSeconds;
    f.entries_seen = r.entries_seen;
    f.from = r.from;
    f.source_since = r.source_since;
    f.from_head = r.from_head;
    f.from_tail = r.from_tail;
    f.tail_by_time = r.by_time;
    f.since = r.since;
    f.start_time = kStart;
    f.had_checkpoint = r.had_checkpoint;
    f.present_at_start = r.present_at_start;
    f.replaced = r.replaced;
    f.commits = r.with_commits ? &kCommits : nullptr;
    f.streams = r.per_stream ? &kStreams : nullptr;
    StartPosition p = DecideStart(f);
    EXPECT_EQ(r.offset, p.offset);
    EXPECT_EQ(r.at_last_line, p.at_last_line);
    EXPECT_EQ(r.skip, p.skip);
    EXPECT_EQ(r.resumed, p.resumed);
    EXPECT_EQ(r.want_since, p.since);
    EXPECT_EQ(r.committed, p.committed);
    EXPECT_EQ(r.lost, p.lost);
    EXPECT_NE(std::string(), p.why);
  }
}

}  // namespace
}  // namespace lc
