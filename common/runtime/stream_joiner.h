// StreamJoiner: puts a container's long output back together, for one
// stream (stdout or stderr) of one runtime log file.
//
// Pieces (RuntimeLine::partial) are appended until a final piece comes; the
// message is then handed out whole, with the time of its first piece and
// the offset just past its last piece's line.  The message never gains a
// newline at a piece boundary.  A message growing past max_bytes is handed
// out in pieces flagged truncated (cut before a UTF-8 sequence, not inside
// it).  A pending message is handed out by Flush(): after a timeout, or
// when the file ends for good.  pending_start() is the offset of the line
// holding the first pending piece: a checkpoint must not pass it.
#ifndef LC_COMMON_STREAM_JOINER_H_
#define LC_COMMON_STREAM_JOINER_H_

#include <cstdint>
#include <string>

namespace lc {

class StreamJoiner {
 public:
  explicit StreamJoiner(size_t max_bytes = 1 << 20) : max_(max_bytes < 4 ? 4 : max_bytes) {}

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
    while (buf_.size() + n > max_) {
      size_t take = max_ - buf_.size(), cut = take;
      while (cut + 3 > take && cut > 0 && (static_cast<unsigned char>(p[cut]) & 0xC0) == 0x80) cut--;
      if (cut == 0) cut = take;
      buf_.append(p, cut);
      p += cut;
      n -= cut;
      truncated_ = true;
      emit(buf_.data(), buf_.size(), time_, line_end, true);
      buf_.clear();
    }
    buf_.append(p, n);
    if (!partial) {
      emit(buf_.data(), buf_.size(), time_, line_end, truncated_);
      Clear();
    } else {
      end_ = line_end;
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
  }

  size_t max_;
  std::string buf_;
  bool pending_ = false;
  bool truncated_ = false;
  int64_t time_ = 0, start_ = 0, end_ = 0, mono_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_STREAM_JOINER_H_
