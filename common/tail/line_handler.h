// LineHandler: what becomes of the lines a Tailer reads (tailer.h), and
// TailedFile, the followed file as a handler sees it.
//
// lc-tail's handler writes each line as a record (record_writer.h);
// lc-stdout's parses runtime log lines and joins split ones
// (runtime_record_writer.h).  The tailer calls, per file: Begin once, then
// for each read BeginChunk, Line for each complete line (and for the pieces
// of an over-long one), EndChunk; Idle when time passes or the file ends.
//
// The seam for a processing stage (parsers, multiline joining with a
// timeout, encodings: a stage between the line splitter and the record
// writer) is this interface itself: a stage is a LineHandler that holds the
// next one and forwards to it, from Line or later.  Its contract:
//  - It may hold lines (a multiline event being joined) and pass them on
//    later, from a later Line or from Idle.  While it holds them,
//    SafeOffset returns the start of the oldest held line, so no checkpoint
//    passes it; the stage calls the next handler's SafeOffset with that.
//  - Deadline says when (monotonic ns) it must be called back in Idle to
//    let go of what it holds (the join's timeout): a following tailer
//    sleeps no longer than that.  Idle(final) means the file is gone for
//    good (or, in a --once pass, quiet): emit everything.
//  - Per-file state lives in TailedFile::handler_state; a stage that needs
//    its own beside the next handler's keeps both in its own.
//  - It must not change `end` offsets: cursors (lc.cursor) are byte offsets
//    in the file, and a joined event ends where its last line ends.
//  - It hands a shaped record on with Record (the text, its time, and the
//    fields a parser found), not Line.  common/parse/parse_stage.h is that
//    stage.
#ifndef LC_COMMON_TAIL_LINE_HANDLER_H_
#define LC_COMMON_TAIL_LINE_HANDLER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/tail/watch_source.h"

namespace lc {

// One followed file, as the LineHandler sees it.  The tailer sets the
// fields before Begin; a handler writes only handler_state.
struct TailedFile {
  std::string path;     // where it was found (a rotated file keeps its old path)
  std::string key;      // source key for lc.cursor (file_identity.h)
  const WatchSource* source = nullptr;
  bool resumed = false;  // started from a checkpoint entry (or commits)
  // Decided by the resume rule (start_position.h): lines dated before
  // `since` are skipped (0: none), and per cursor stream (CursorStreams),
  // lines ending at or before committed[i] were delivered already (-1: none).
  int64_t since = 0;
  std::vector<int64_t> committed;
  std::shared_ptr<void> handler_state;  // the handler's per-file state
};

class LineHandler {
 public:
  static constexpr int64_t kNoDeadline = INT64_MAX;

  virtual ~LineHandler() = default;
  // The suffixes this handler appends to a file's key in lc.cursor, one per
  // stream it commits apart ({""}: one cursor per file; lc-stdout's
  // "/stdout", "/stderr", "/raw").  The resume rule resumes each from its
  // own commit and fills TailedFile::committed in this order.
  virtual const std::vector<std::string>& CursorStreams() const {
    static const std::vector<std::string> one{""};
    return one;
  }
  // A file starts being followed (after a restart too): set up handler_state.
  virtual void Begin(TailedFile* f) {}
  // One line without '\n', ending at byte `end` of the file.  `read_time`
  // is when the chunk holding it was read (ns since epoch).
  virtual void Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
                    int64_t read_time) = 0;
  // A record a stage shaped (joined lines, parsed fields): `body` (may be
  // empty), ending at byte `end`, dated `time` (ns since epoch), and
  // `fields`: an escaped JSON fragment `,"name":value...` written after the
  // body fields (common/parse/field_writer.h).  A writer that knows no
  // fields writes the body as a line.
  virtual void Record(TailedFile* f, const char* body, size_t n, int64_t end, bool truncated,
                      int64_t time, std::string_view fields) {
    Line(f, body, n, end, truncated, time);
  }
  // The lines between BeginChunk and EndChunk come from one read of `f`,
  // during which its path, key and source stay as they are: a handler may
  // work out the per-file parts of its records once a chunk, not once a line.
  virtual void BeginChunk(TailedFile* f) {}
  virtual void EndChunk(TailedFile* f) {}
  // Time passes with no new bytes (mono_now), or the file is gone for good
  // (final; in a --once pass: its writer has been quiet for the partial-line
  // timeout): emit whatever the handler holds that is due.
  virtual void Idle(TailedFile* f, int64_t mono_now, bool final) {}
  // When (monotonic ns) Idle must next be called for `f` to emit what it
  // holds on time; kNoDeadline if it holds nothing.
  virtual int64_t Deadline(const TailedFile& f) const { return kNoDeadline; }
  // The lowest offset not yet fully emitted, given the splitter's.
  virtual int64_t SafeOffset(const TailedFile& f, int64_t splitter_safe) { return splitter_safe; }
};

}  // namespace lc

#endif  // LC_COMMON_TAIL_LINE_HANDLER_H_
