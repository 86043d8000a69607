#include "common/tail/start_position.h"

#include <algorithm>

#include "common/base/clock.h"

namespace lc {

namespace {

const std::vector<std::string> kOneStream{""};

// A checkpoint entry's file (at its path, or rotated): from the entry, or
// from what lc-ship committed of each of its streams.
StartPosition Resume(const StartFacts& f) {
  StartPosition p;
  const CheckpointEntry& e = *f.entry;
  p.resumed = true;
  p.offset = e.offset;
  p.why = "checkpoint";
  if (f.commits != nullptr) {
    const std::vector<std::string>& streams = f.streams != nullptr ? *f.streams : kOneStream;
    int64_t at = INT64_MAX;
    for (const std::string& s : streams) {
      auto it = f.commits->find(e.key + s);
      int64_t c = it != f.commits->end() ? it->second : -1;
      p.committed.push_back(c);
      at = std::min(at, c >= 0 ? c : e.start);
    }
    p.offset = at;
    p.why = "commit";
    if (p.offset > f.size) {  // not this file's commit: trust the checkpoint
      p.offset = e.offset <= f.size ? e.offset : 0;
      std::fill(p.committed.begin(), p.committed.end(), -1);
      p.why = "commit past the end: checkpoint";
    }
  }
  if (f.match == Match::kRotated && p.offset >= f.size) {
    p.skip = true;
    p.why = "rotated, read to its end";
  }
  return p;
}

}  // namespace

StartPosition DecideStart(const StartFacts& f) {
  switch (f.match) {
    case Match::kSame:
    case Match::kRotated:
      return Resume(f);
    case Match::kTruncated: {
      StartPosition p;
      p.why = "truncated: new content from its start";
      return p;
    }
    case Match::kGeneration: {
      StartPosition p;
      p.skip = f.size == 0;
      p.why = "a generation newer than the checkpoint: from its start";
      if (f.mtime_ns / kSeconds < f.entries_seen - 2 * 3600) {
        p.skip = true;
        p.why = "a generation older than what the checkpoint knew: read before";
      }
      return p;
    }
    case Match::kGone: {
      StartFacts at_end = f;
      at_end.size = INT64_MAX;  // where it would resume, whatever its size was
      StartPosition p = Resume(at_end);
      p.lost = f.entry->size > 0 ? std::max<int64_t>(0, f.entry->size - p.offset) : -1;
      p.skip = true;
      p.resumed = false;
      p.committed.clear();
      p.why = "gone: what was not read of it is lost";
      return p;
    }
    case Match::kNone:
    case Match::kReused:
      break;
  }
  StartPosition p;
  bool later = !f.present_at_start || f.had_checkpoint || f.replaced;
  bool tail = f.from == "tail" ||
              (f.from.empty() && (later ? f.from_tail : !f.from_head));
  if (f.tail_by_time && f.since != 0) {
    p.since = f.since;
    p.why = "--since";
  } else if (f.tail_by_time && f.source_since != 0 && !f.had_checkpoint) {
    p.since = f.source_since;
    p.why = "running before start, first run: its recent lines";
  } else if (!tail) {
    p.why = later ? "new since start or since the checkpoint: head" : "head";
  } else if (f.tail_by_time) {
    p.since = f.start_time - 5 * kSeconds;
    p.why = "present at start, first run: its last 5 s";
  } else {
    p.at_last_line = true;
    p.why = later ? "tail" : "present at start, first run: tail";
  }
  return p;
}

}  // namespace lc
