// SyslogFramer: the messages of one syslog byte stream (a TCP connection),
// RFC 6587: octet counting ("LEN SP MSG", RFC 5425's framing) or
// non-transparent framing (each message ends at "\n"), chosen per frame
// like rsyslog's imtcp: a frame that starts with a digit is octet counted.
//
// Bounded: a message longer than `max_bytes` is cut there and handed out
// with `truncated` set; the rest of that frame is skipped (to its LEN, or to
// its "\n"), so one peer cannot make the framer hold more than `max_bytes`
// of a frame.  A LEN that is not digits followed by a space (or has more
// than 10 digits) is not octet counting: that frame is read up to its "\n".
// Nothing is dropped silently: a frame cut short by the end of the stream
// is handed out by Finish (truncated when its LEN said more).
#ifndef LC_COMMON_LISTEN_SYSLOG_FRAMER_H_
#define LC_COMMON_LISTEN_SYSLOG_FRAMER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lc {

class SyslogFramer {
 public:
  explicit SyslogFramer(size_t max_bytes) : max_(max_bytes) {}

  // Feeds the next bytes of the stream; calls emit(std::string_view msg,
  // bool truncated) for each whole message (a view valid during the call).
  template <typename Emit>
  void Feed(std::string_view data, Emit&& emit);
  // The stream ended: hands out the frame in progress, if any.
  template <typename Emit>
  void Finish(Emit&& emit);
  // Bytes held for a frame in progress.
  size_t buffered() const { return buf_.size() - start_; }

 private:
  enum class Step { kNeedMore, kEmitted, kSkipped };
  // Looks at the frame at buf_[start_..]; sets msg_/truncated_ when it emits.
  Step Next();

  size_t max_;
  std::string buf_;
  size_t start_ = 0;
  // Skipping the rest of a cut frame: `skip_` more bytes (octet counted),
  // or up to the next "\n" when `skip_to_newline_`.
  uint64_t skip_ = 0;
  bool skip_to_newline_ = false;
  // How far the search for "\n" got in the frame in progress (from start_).
  size_t scanned_ = 0;
  std::string_view msg_;
  bool truncated_ = false;
};

template <typename Emit>
void SyslogFramer::Feed(std::string_view data, Emit&& emit) {
  buf_.append(data.data(), data.size());
  for (;;) {
    Step s = Next();
    if (s == Step::kNeedMore) break;
    if (s == Step::kEmitted) emit(msg_, truncated_);
  }
  if (start_ == buf_.size()) {
    buf_.clear();
    start_ = 0;
  } else if (start_ > 0) {
    buf_.erase(0, start_);
    start_ = 0;
  }
}

template <typename Emit>
void SyslogFramer::Finish(Emit&& emit) {
  std::string_view rest(buf_.data() + start_, buf_.size() - start_);
  bool octet = !rest.empty() && rest[0] >= '0' && rest[0] <= '9';
  if (octet) {
    size_t sp = rest.find(' ');
    if (sp != std::string_view::npos && sp <= 10 && rest.find_first_not_of("0123456789") == sp) {
      rest.remove_prefix(sp + 1);
    } else {
      octet = false;
    }
  }
  if (!rest.empty() && !skip_to_newline_ && skip_ == 0) emit(rest, octet);
  buf_.clear();
  start_ = 0;
  scanned_ = 0;
  skip_ = 0;
  skip_to_newline_ = false;
}

}  // namespace lc

#endif  // LC_COMMON_LISTEN_SYSLOG_FRAMER_H_
