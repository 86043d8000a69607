// StreamJoiner: puts a container's long output back together, for one
// stream (stdout or stderr) of one runtime log file.
//
// Pieces (RuntimeLine::partial) are appended until a final piece comes; the
// message is then handed out whole, with the time of its first piece and
// the offset just past its last piece's line.  The message never gains a
// newline at a piece boundary.  A message growing past max_bytes is handed
// out in pieces flagged truncated (cut before a UTF-8 sequence, not inside
// it: utf8_cut.h); a piece's end is the start of the line it was cut from,
// since that line's rest is still held.  With a ByteBudget (byte_budget.h),
// the messages pending in all the joiners sharing it are bounded together:
// one that would take more than the budget leaves it is cut so too (a
// container writing a huge line without a newline, in 1000 containers,
// would hold 1000 x max_bytes); a message within ByteBudget::kFloor is not
// counted.  A long message's
// memory is given back once it is out.  A pending message is handed out by
// Flush(): after a timeout, or when the file ends for good.
// pending_start() is the offset of the line holding the first pending
// piece: a checkpoint must not pass it.
#ifndef LC_COMMON_STREAM_JOINER_H_
#define LC_COMMON_STREAM_JOINER_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "common/base/byte_budget.h"
#include "common/base/utf8_cut.h"

namespace lc {

class StreamJoiner {
 public:
  explicit StreamJoiner(size_t max_bytes = 1 << 20, std::shared_ptr<ByteBudget> budget = nullptr)
      : max_(max_bytes < 4 ? 4 : max_bytes), share_(std::move(budget)) {}

  // emit(const char* msg, size_t n, int64_t time, int64_t end, bool truncated)
  template <typename Emit>
  void Add(const char* p, size_t n, bool partial, int64_t time, int64_t line_start,
           int64_t line_end, int64_t mono, Emit&& emit) {
    if (!pending_) {
      if (!partial && n <= max_) {
        emit(p, n, time, line_end, false);  // the common case: no copy
        return;
      }
      pending_ = true;
      time_ = time;
      start_ = line_start;
      buf_.clear();
    }
    mono_ = mono;
    size_t cap = buf_.size() + n > ByteBudget::kFloor ? std::min(max_, share_.Room()) : max_;
    while (buf_.size() + n > cap) {
      size_t cut = Utf8Cut(p, n, buf_.size(), cap, max_);
      buf_.append(p, cut);
      p += cut;
      n -= cut;
      truncated_ = true;
      // The piece holds only part of this line: its cursor is the line's
      // start, so that a commit of it never passes the rest (held here).
      emit(buf_.data(), buf_.size(), time_, line_start, true);
      buf_.clear();
    }
    buf_.append(p, n);
    if (!partial) {
      emit(buf_.data(), buf_.size(), time_, line_end, truncated_);
      Clear();
    } else {
      end_ = line_end;
      if (buf_.size() > ByteBudget::kFloor || share_.counted() != 0) share_.Set(buf_.size());
    }
  }

  template <typename Emit>
  void Flush(Emit&& emit) {
    if (!pending_) return;
    emit(buf_.data(), buf_.size(), time_, end_, truncated_);
    Clear();
  }

  bool pending() const { return pending_; }
  int64_t pending_start() const { return start_; }
  int64_t last_mono() const { return mono_; }

 private:
  void Clear() {
    pending_ = truncated_ = false;
    buf_.clear();
    if (buf_.capacity() > (size_t{64} << 10)) std::string().swap(buf_);
    if (share_.counted() != 0) share_.Set(0);
  }

  size_t max_;
  ByteShare share_;  // buf_ as counted in the budget, once past kFloor
  std::string buf_;
  bool pending_ = false;
  bool truncated_ = false;
  int64_t time_ = 0, start_ = 0, end_ = 0, mono_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_STREAM_JOINER_H_
