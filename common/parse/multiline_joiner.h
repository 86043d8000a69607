// MultilineJoiner: joins lines into one record (a Java stack trace, a
// Python traceback), by --multiline-start REGEX (a line matching it begins
// a record; others continue the one before) or --multiline-continue REGEX
// (a line matching it continues the record before; others begin one).
//
// The joined text is the lines with '\n' between them.  A record is handed
// out when the next one begins, when it has been idle `timeout_ns` (the
// caller's Idle, at Deadline), or by Flush (the file is gone, the end of a
// --once pass).  Bounds: a record reaching max_lines lines or max_bytes
// bytes is handed out flagged truncated, and what follows continues as a
// new record, also flagged truncated.  The records held by all the files
// of one joiner are bounded together (a ByteBudget of max_held_bytes, or
// one shared with other holders by ShareBudget: byte_budget.h): a record
// that would take more than the budget leaves it is handed out at once, as
// one reaching max_bytes is, and a long record's memory is given back once
// it is out.  A record within ByteBudget::kFloor is not counted: the
// per-line cost of the bound is one compare.  A line before any start line
// is a record of its own (it starts one).
//
// Offsets: a record ends where its last line ends (its cursor points past
// it); while one is held, HeldStart() is the start of its first line, so a
// checkpoint never passes a held line (line_handler.h, SafeOffset).
//
// The joiner (rules) is shared by every file of a tool; each file (or each
// stream of one, in lc-stdout: stdout and stderr are never joined with each
// other) has its own MultilineState.
#ifndef LC_COMMON_PARSE_MULTILINE_JOINER_H_
#define LC_COMMON_PARSE_MULTILINE_JOINER_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "common/base/byte_budget.h"
#include "common/base/status.h"
#include "common/parse/pcre_regex.h"

namespace lc {

struct MultilineOptions {
  std::string start, cont;  // at most one set; neither: no joining
  int64_t timeout_ns = 3000000000;
  size_t max_lines = 1000;
  size_t max_bytes = 1 << 20;
  // The held records of all files together (1000 files each holding a
  // record of up to max_bytes would hold 1 GB), unless ShareBudget.
  size_t max_held_bytes = size_t{64} << 20;
};

// The held record's bytes.  A plain buffer: std::string's assign and
// append are out-of-line calls that cost more than copying a short line,
// and a joiner copies every line it holds.
class JoinBuffer {
 public:
  void Assign(const char* p, size_t n) {
    size_ = 0;
    Append(p, n);
  }
  void Append(const char* p, size_t n) {
    if (size_ + n > cap_) Grow(size_ + n);
    std::memcpy(data_.get() + size_, p, n);
    size_ += n;
  }
  void Push(char c) {
    if (size_ == cap_) Grow(size_ + 1);
    data_[size_++] = c;
  }
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  size_t capacity() const { return cap_; }
  // Empty, its memory given back.
  void Release() {
    data_.reset();
    size_ = cap_ = 0;
  }

 private:
  void Grow(size_t need);  // keeps what is held
  std::unique_ptr<char[]> data_;
  size_t size_ = 0, cap_ = 0;
};

struct MultilineState {
  JoinBuffer buf;
  bool held = false, truncated = false, next_truncated = false;
  size_t lines = 0;
  int64_t start = 0, end = 0, time = 0, mono = 0;
  // buf in its joiner's budget once past kFloor (a state may outlive its
  // joiner, or be fed by another: the share moves with it).
  ByteShare share;
};

class MultilineJoiner {
 public:
  // InvalidArgument naming the flag for a regex that does not compile, or
  // both rules given.  *out stays null when neither is set.
  static Status Make(const MultilineOptions& opt, std::unique_ptr<MultilineJoiner>* out);

  // One line [p, p+n) of the file, from byte `start` to `end`; `time` is
  // its record time, `mono` now.  emit(const char* text, size_t n,
  // int64_t end, bool truncated, int64_t time) for each record completed.
  template <typename Emit>
  void Add(MultilineState* st, const char* p, size_t n, int64_t start, int64_t end, bool truncated,
           int64_t time, int64_t mono, Emit&& emit) {
    bool begins = BeginsRecord(p, n);
    // A record cut at once (below) is continued as a truncated one, but
    // not by a line that begins a record.
    if (!st->held && begins) st->next_truncated = false;
    size_t grown = st->buf.size() + 1 + n;
    if (st->held && !begins &&
        (st->lines + 1 > opt_.max_lines || grown > opt_.max_bytes ||
         (grown > ByteBudget::kFloor && grown > Room(st)))) {
      st->truncated = true;
      st->next_truncated = true;  // the rest continues as a new, truncated record
      begins = true;
    }
    if (st->held && begins) Flush(st, emit);
    if (!st->held) {
      st->held = true;
      st->buf.Assign(p, n);
      st->lines = 1;
      st->start = start;
      st->time = time;
      st->truncated = truncated || st->next_truncated;
      st->next_truncated = false;
    } else {
      st->buf.Push('\n');
      st->buf.Append(p, n);
      st->lines++;
      st->truncated = st->truncated || truncated;
    }
    st->end = end;
    st->mono = mono;
    if (st->buf.size() > ByteBudget::kFloor) {
      size_t room = Room(st);
      st->share.Set(st->buf.size());
      if (st->buf.size() > room) {
        // A first line that alone takes more than is left: out at once,
        // and what continues it is a new, truncated record.
        st->truncated = st->next_truncated = true;
        Flush(st, emit);
      }
    }
  }

  template <typename Emit>
  void Flush(MultilineState* st, Emit&& emit) {
    if (!st->held) return;
    st->held = false;
    emit(st->buf.data(), st->buf.size(), st->end, st->truncated, st->time);
    if (st->buf.capacity() > (size_t{64} << 10)) st->buf.Release();
    if (st->share.counted() != 0) st->share.Set(0);
  }

  // The records of this joiner's files count in `budget` from now on
  // (lc-tail's --max-pending-bytes, with its partial lines), not in a
  // budget of their own.
  void ShareBudget(std::shared_ptr<ByteBudget> budget) { budget_ = std::move(budget); }

  // When the held record is due (monotonic ns), or INT64_MAX.
  int64_t Deadline(const MultilineState& st) const {
    return st.held ? st.mono + opt_.timeout_ns : INT64_MAX;
  }
  int64_t timeout_ns() const { return opt_.timeout_ns; }

 private:
  explicit MultilineJoiner(const MultilineOptions& opt)
      : opt_(opt), budget_(std::make_shared<ByteBudget>(opt.max_held_bytes)) {}
  // The most `st`'s record may hold now (byte_budget.h), its share moved
  // to this joiner's budget first if it was counted elsewhere.
  size_t Room(MultilineState* st) {
    if (st->share.budget() != budget_.get()) st->share.Attach(budget_);
    return st->share.Room();
  }
  // A match error (the match limit) counts as "no match".
  bool BeginsRecord(const char* p, size_t n) {
    bool match = re_->Test(std::string_view(p, n), nullptr) == PcreRegex::kMatch;
    return start_mode_ ? match : !match;
  }

  MultilineOptions opt_;
  std::unique_ptr<PcreRegex> re_;
  bool start_mode_ = true;
  std::shared_ptr<ByteBudget> budget_;  // the bytes of the records held by all files
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_MULTILINE_JOINER_H_
