// ParseStage: the record-shaping stage as a LineHandler (line_handler.h),
// between lc-tail's tailer and its RecordWriter: lines go through a
// RecordShaper (record_shaper.h) and come out to the next handler as
// records with fields (LineHandler::Record).
//
// Per file it keeps a ShapeState beside the next handler's own state
// (swapped into TailedFile::handler_state around each call to it).  While
// it holds a multiline record, SafeOffset is the start of its first line
// and Deadline its timeout; Idle(final) hands it out.
//
// Which shaper: a file whose source (a watch from lc-render) carries a
// collection config's "parser" or "multiline" is shaped by those
// (shape_config.h; one shaper per distinct pair, kept); any other file by the
// command line's, which may be null: its lines then pass through untouched.
// A watch whose objects are refused is said once on stderr, and its files
// are read unparsed (records kept, never dropped).  The choice is made when
// a file starts being followed.  The counters are the sum over the shapers.
// With ShareBudget, every shaper's held records count in one budget.
#ifndef LC_COMMON_PARSE_PARSE_STAGE_H_
#define LC_COMMON_PARSE_PARSE_STAGE_H_

#include <map>
#include <memory>
#include <string>

#include "common/base/clock.h"
#include "common/parse/record_shaper.h"
#include "common/tail/line_handler.h"

namespace lc {

class ParseStage : public LineHandler {
 public:
  // `tags`: the --tag tags, for the collision rule (with each watch's own).
  // `shaper` (the command line's) may be null.
  ParseStage(RecordShaper* shaper, LineHandler* next, Clock* clock, const FieldWriter::TagList* tags,
             const char* tool = "lc-tail")
      : shaper_(shaper), next_(next), clock_(clock), tags_(tags), tool_(tool) {}

  // The multiline records of every shaper, the command line's and the
  // watches', count in `budget` (lc-tail: the tailer's, so that
  // --max-pending-bytes bounds partial lines and held records together).
  void ShareBudget(std::shared_ptr<ByteBudget> budget);

  // Some shaper parses: the counters mean something.
  bool parsing() const;
  // {"parsed":N,"parse_failed":M} over every shaper.
  std::string CountersJson() const;

  const std::vector<std::string>& CursorStreams() const override { return next_->CursorStreams(); }
  void Begin(TailedFile* f) override;
  void BeginChunk(TailedFile* f) override;
  void EndChunk(TailedFile* f) override;
  void Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
            int64_t read_time) override;
  void Idle(TailedFile* f, int64_t mono_now, bool final) override;
  int64_t Deadline(const TailedFile& f) const override;
  int64_t SafeOffset(const TailedFile& f, int64_t splitter_safe) override;

  struct FileState;

 private:
  FileState* State(TailedFile* f);
  RecordShaper* ShaperFor(const WatchSource* source);
  void MaybeReport();
  // Now, for the joiner (0 when the shaper does not join).
  int64_t Mono(const RecordShaper& shaper, const FileState& st) const;
  void Emit(TailedFile* f, FileState* st, const char* p, size_t n, int64_t end, bool truncated,
            int64_t time, std::string_view fields);

  RecordShaper* shaper_;
  LineHandler* next_;
  Clock* clock_;
  const FieldWriter::TagList* tags_;
  const char* tool_;
  // The watches' shapers by their "parser" + "multiline" text; null for a
  // pair that was refused.
  std::map<std::string, std::unique_ptr<RecordShaper>> by_config_;
  std::shared_ptr<ByteBudget> budget_;  // null: each joiner its own
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_PARSE_STAGE_H_
