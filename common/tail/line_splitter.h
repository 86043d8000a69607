// LineSplitter: turns the bytes of one file, fed in chunks as they are read,
// into lines, and knows the offset of the first byte not yet handed out.
//
// Contracts:
//  - A line is handed out without its '\n' (a trailing '\r' is kept: it is
//    the writer's byte, not ours to drop), with the file offset just past
//    its '\n'.
//  - Bytes after the last '\n' are held as a partial line.  safe_offset()
//    stays before them, so a checkpoint never skips an unfinished line.
//    FlushPartial() hands them out (idle timeout, or the file is gone).
//  - A line longer than max_line_bytes is cut into pieces of at most that
//    size, each handed out with truncated=true, cut before a UTF-8 sequence
//    rather than inside it.
//  - Complete lines inside a chunk are handed out as pointers into the
//    chunk: no copy.  Only a line that spans chunks is copied.
//  - With a ByteBudget (byte_budget.h), the partial lines of all the
//    splitters sharing it are bounded together: a partial line that would
//    take more than the budget has left is handed out in pieces flagged
//    truncated, as a long line is (each splitter may always hold
//    ByteBudget::kFloor bytes).  Memory held for a long line is given back
//    once the line is handed out.
#ifndef LC_COMMON_LINE_SPLITTER_H_
#define LC_COMMON_LINE_SPLITTER_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "common/base/byte_budget.h"
#include "common/base/utf8_cut.h"

namespace lc {

class LineSplitter {
 public:
  explicit LineSplitter(size_t max_line_bytes = 1 << 20, int64_t offset = 0,
                        std::shared_ptr<ByteBudget> budget = nullptr)
      : max_(max_line_bytes < 4 ? 4 : max_line_bytes), next_(offset), line_start_(offset),
        share_(std::move(budget)) {}

  // emit(const char* p, size_t n, int64_t end_offset, bool truncated)
  template <typename Emit>
  void Feed(const char* p, size_t n, Emit&& emit) {
    const char* end = p + n;
    while (p < end) {
      const char* nl = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
      if (nl == nullptr) {
        Hold(p, static_cast<size_t>(end - p), emit);
        next_ += end - p;
        return;
      }
      size_t len = static_cast<size_t>(nl - p);
      if (partial_.empty() && !in_long_line_ && len <= max_) {
        next_ += static_cast<int64_t>(len) + 1;
        emit(p, len, next_, false);
      } else {
        Hold(p, len, emit);
        next_ += static_cast<int64_t>(len) + 1;
        emit(partial_.data(), partial_.size(), next_, in_long_line_);
        ClearPartial();
        in_long_line_ = false;
      }
      line_start_ = next_;
      p = nl + 1;
    }
  }

  // Hands out the held partial line, if any.
  template <typename Emit>
  void FlushPartial(Emit&& emit) {
    if (partial_.empty()) return;
    emit(partial_.data(), partial_.size(), next_, in_long_line_);
    ClearPartial();
    in_long_line_ = false;
    line_start_ = next_;
  }

  // Forgets everything and continues at `offset` (after truncation).
  void Reset(int64_t offset) {
    ClearPartial();
    in_long_line_ = false;
    next_ = line_start_ = offset;
  }

  // Nothing held: the next byte fed starts a line.
  bool at_line_start() const { return partial_.empty() && !in_long_line_; }
  // At a line start, passes over `n` bytes that belong to no line (a run of
  // NULs: a hole in a sparse file).
  void Skip(size_t n) {
    next_ += static_cast<int64_t>(n);
    line_start_ = next_;
  }

  int64_t safe_offset() const { return line_start_; }  // first byte not handed out
  int64_t next_offset() const { return next_; }        // first byte not yet fed
  size_t pending_bytes() const { return partial_.size(); }

 private:
  // Appends [p, p+n), which starts at offset next_, to the partial line,
  // handing out full pieces when it grows past max_.
  template <typename Emit>
  void Hold(const char* p, size_t n, Emit& emit) {
    int64_t at = next_;
    for (size_t cap = Cap(); partial_.size() + n > cap; cap = Cap()) {
      size_t cut = Utf8Cut(p, n, partial_.size(), cap, max_);
      partial_.append(p, cut);
      p += cut;
      n -= cut;
      at += static_cast<int64_t>(cut);
      in_long_line_ = true;
      emit(partial_.data(), partial_.size(), at, true);
      partial_.clear();
      line_start_ = at;
      Count();
    }
    partial_.append(p, n);
    Count();
  }

  // The most this splitter's partial line may grow to now.
  size_t Cap() const { return std::min(max_, share_.Room()); }

  // Keeps the budget's count of this splitter's bytes current.
  void Count() { share_.Set(partial_.size()); }

  // Emptied, and a long line's memory given back (kept up to 64 KiB: the
  // next partial line of an ordinary file needs no new allocation).
  void ClearPartial() {
    partial_.clear();
    if (partial_.capacity() > (size_t{64} << 10)) std::string().swap(partial_);
    Count();
  }

  size_t max_;
  int64_t next_;
  int64_t line_start_;
  std::string partial_;
  bool in_long_line_ = false;
  ByteShare share_;  // partial_ as counted in the budget, if any
};

}  // namespace lc

#endif  // LC_COMMON_LINE_SPLITTER_H_
