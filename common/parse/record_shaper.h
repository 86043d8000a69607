// RecordShaper: the record-shaping stage of lc-tail and lc-stdout, between
// the lines read and the record written: multiline joining
// (multiline_joiner.h), then parsing (line_parser.h) into fields
// (field_writer.h).  One per tool (the rules, the parser, the counters);
// each file, or each stream of one, keeps a ShapeState.
//
// What it hands the record writer (emit):
//   emit(const char* body, size_t n, int64_t end, bool truncated,
//        int64_t time, std::string_view fields)
// `fields` is the escaped fragment written after the body fields (empty
// with --parser none).  A parsed record's body is "" unless --keep-body, or
// unless a parsed value was not valid UTF-8 (then the exact line is kept,
// with "lc.body_base64" from the writer).  A record that fails to parse is
// written whole with "lc.parse_error":"<why>", never dropped.
//
// The time field (ShapeOptions::time, time_format.h): after a record
// parses, the value of the field named time.key (any parser; the field
// stays) becomes the record's `time`.  A record without that field, or
// whose value does not match the format, keeps its own time (the read
// time) and gets "lc.time_error":"<why>"; it is counted in time_failed.
#ifndef LC_COMMON_PARSE_RECORD_SHAPER_H_
#define LC_COMMON_PARSE_RECORD_SHAPER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/parse/field_writer.h"
#include "common/parse/line_parser.h"
#include "common/parse/multiline_joiner.h"
#include "common/parse/time_format.h"

namespace lc {

// --time-key, --time-format, --time-zone.
struct TimeOptions {
  std::string key;  // "": the records keep their own time
  std::string format = "rfc3339";
  std::string zone = "UTC";
};

struct ShapeOptions {
  ParserOptions parser;
  TimeOptions time;
  MultilineOptions multiline;
  bool keep_body = false;
};

struct ShapeState {
  MultilineState multi;
};

class RecordShaper {
 public:
  // InvalidArgument naming the flag (a regex that does not compile, with
  // its pattern and offset; an unknown mode).  *out is null when `opt`
  // asks for nothing (the --parser none path stays as it was).
  static Status Make(const ShapeOptions& opt, std::unique_ptr<RecordShaper>* out);

  // The record's tag lists, for the collision rule (field_writer.h).
  // Only a parser's fields can collide: without one, nothing to do.
  void SetTags(const FieldWriter::TagList* a, const FieldWriter::TagList* b) {
    if (parser_ != nullptr) fields_.SetTags(a, b);
  }

  // One line from byte `start` to `end` (see multiline_joiner.h).
  template <typename Emit>
  void Add(ShapeState* st, const char* p, size_t n, int64_t start, int64_t end, bool truncated,
           int64_t time, int64_t mono, Emit&& emit) {
    if (joiner_ == nullptr) {
      Shape(p, n, end, truncated, time, emit);
      return;
    }
    joiner_->Add(&st->multi, p, n, start, end, truncated, time, mono,
                 [&](const char* b, size_t len, int64_t e, bool t, int64_t tm) { Shape(b, len, e, t, tm, emit); });
  }
  // Hands out a held record: when due at mono_now, or always if `final`.
  template <typename Emit>
  void Idle(ShapeState* st, int64_t mono_now, bool final, Emit&& emit) {
    if (joiner_ == nullptr || !st->multi.held) return;
    if (!final && mono_now < joiner_->Deadline(st->multi)) return;
    joiner_->Flush(&st->multi,
                   [&](const char* b, size_t len, int64_t e, bool t, int64_t tm) { Shape(b, len, e, t, tm, emit); });
  }
  // When Idle must be called (monotonic ns), or INT64_MAX.
  int64_t Deadline(const ShapeState& st) const {
    return joiner_ ? joiner_->Deadline(st.multi) : INT64_MAX;
  }
  // The lowest offset not fully emitted, given the next stage's.
  int64_t SafeOffset(const ShapeState& st, int64_t next_safe) const {
    return st.multi.held && st.multi.start < next_safe ? st.multi.start : next_safe;
  }
  bool Holds(const ShapeState& st) const { return st.multi.held; }

  bool joining() const { return joiner_ != nullptr; }
  // The records held for joining count in `budget` (multiline_joiner.h).
  void ShareBudget(std::shared_ptr<ByteBudget> budget) {
    if (joiner_ != nullptr) joiner_->ShareBudget(std::move(budget));
  }
  bool parsing() const { return parser_ != nullptr; }
  uint64_t parsed() const { return parsed_; }
  uint64_t failed() const { return failed_; }
  bool timing() const { return timing_; }
  uint64_t time_failed() const { return time_failed_; }
  // {"parsed":N,"parse_failed":M}, the line written to stderr at exit and
  // on SIGUSR1; with a time key also ,"time_failed":K (time_failed >= 0).
  std::string CountersJson() const { return CountersJson(parsed_, failed_, timing_ ? int64_t(time_failed_) : -1); }
  static std::string CountersJson(uint64_t parsed, uint64_t failed, int64_t time_failed = -1);
  // Writes CountersJson to stderr when parsing and SIGUSR1 has come
  // (signals.h); the handlers call it from Idle, which the tailer's loop
  // calls every turn (a signal wakes it).
  void MaybeReport();

 private:
  RecordShaper() = default;

  template <typename Emit>
  void Shape(const char* p, size_t n, int64_t end, bool truncated, int64_t time, Emit& emit) {
    if (parser_ == nullptr) {
      emit(p, n, end, truncated, time, std::string_view());
      return;
    }
    fields_.Clear();
    if (parser_->Parse(std::string_view(p, n), &fields_, &why_)) {
      parsed_++;
      if (timing_) ReadTime(&time);
      bool keep = keep_body_ || fields_.lossy();
      emit(p, keep ? n : 0, end, truncated, time, fields_.fragment());
    } else {
      failed_++;
      fields_.SetError(why_);
      emit(p, n, end, truncated, time, fields_.fragment());
    }
  }

  // Sets *time from the time field, or adds lc.time_error.
  void ReadTime(int64_t* time) {
    const char* why = missing_why_.c_str();
    int64_t t;
    if (fields_.time_found() && time_format_.Parse(fields_.time_value(), time_zone_, *time, &t, &why)) {
      *time = t;
      return;
    }
    time_failed_++;
    fields_.AddTimeError(why);
  }

  std::unique_ptr<LineParser> parser_;
  bool timing_ = false;
  TimeFormat time_format_;
  TimeZone time_zone_;
  std::string missing_why_;  // "no field \"<key>\""
  uint64_t time_failed_ = 0;
  std::unique_ptr<MultilineJoiner> joiner_;
  bool keep_body_ = false;
  FieldWriter fields_;
  std::string why_;
  uint64_t parsed_ = 0, failed_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_RECORD_SHAPER_H_
