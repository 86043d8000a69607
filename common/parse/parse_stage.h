// ParseStage: the record-shaping stage as a LineHandler (line_handler.h),
// between lc-tail's tailer and its RecordWriter: lines go through a
// RecordShaper (record_shaper.h) and come out to the next handler as
// records with fields (LineHandler::Record).
//
// Per file it keeps a ShapeState beside the next handler's own state
// (swapped into TailedFile::handler_state around each call to it).  While
// it holds a multiline record, SafeOffset is the start of its first line
// and Deadline its timeout; Idle(final) hands it out.
#ifndef LC_COMMON_PARSE_PARSE_STAGE_H_
#define LC_COMMON_PARSE_PARSE_STAGE_H_

#include <memory>

#include "common/base/clock.h"
#include "common/parse/record_shaper.h"
#include "common/tail/line_handler.h"

namespace lc {

class ParseStage : public LineHandler {
 public:
  // `tags`: the --tag tags, for the collision rule (with each watch's own).
  ParseStage(RecordShaper* shaper, LineHandler* next, Clock* clock, const FieldWriter::TagList* tags)
      : shaper_(shaper), next_(next), clock_(clock), tags_(tags) {}

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
  void Emit(TailedFile* f, FileState* st, const char* p, size_t n, int64_t end, bool truncated,
            int64_t time, std::string_view fields);

  RecordShaper* shaper_;
  LineHandler* next_;
  Clock* clock_;
  const FieldWriter::TagList* tags_;
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_PARSE_STAGE_H_
