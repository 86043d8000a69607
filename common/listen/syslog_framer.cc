#include "common/listen/syslog_framer.h"

#include <cstring>

namespace lc {

SyslogFramer::Step SyslogFramer::Next() {
  const char* p = buf_.data() + start_;
  size_t avail = buf_.size() - start_;
  if (skip_to_newline_) {
    const void* nl = memchr(p, '\n', avail);
    if (nl == nullptr) {
      start_ = buf_.size();
      return Step::kNeedMore;
    }
    start_ += static_cast<size_t>(static_cast<const char*>(nl) - p) + 1;
    skip_to_newline_ = false;
    return Step::kSkipped;
  }
  if (skip_ > 0) {
    size_t n = skip_ < avail ? static_cast<size_t>(skip_) : avail;
    start_ += n;
    skip_ -= n;
    return skip_ == 0 ? Step::kSkipped : Step::kNeedMore;
  }
  if (avail == 0) return Step::kNeedMore;
  if (p[0] >= '0' && p[0] <= '9') {
    size_t d = 0;
    uint64_t len = 0;
    while (d < avail && d <= 10 && p[d] >= '0' && p[d] <= '9') len = len * 10 + static_cast<uint64_t>(p[d++] - '0');
    if (d == avail && d <= 10) return Step::kNeedMore;
    if (d <= 10 && p[d] == ' ') {
      size_t header = d + 1;
      if (len <= max_) {
        if (avail < header + len) return Step::kNeedMore;
        msg_ = std::string_view(p + header, static_cast<size_t>(len));
        truncated_ = false;
        start_ += header + static_cast<size_t>(len);
      } else {
        if (avail < header + max_) return Step::kNeedMore;
        msg_ = std::string_view(p + header, max_);
        truncated_ = true;
        start_ += header + max_;
        skip_ = len - max_;
      }
      scanned_ = 0;
      return len == 0 ? Step::kSkipped : Step::kEmitted;
    }
  }
  size_t from = scanned_ < avail ? scanned_ : avail;
  const void* nl = memchr(p + from, '\n', avail - from);
  if (nl == nullptr) {
    if (avail <= max_) {
      scanned_ = avail;
      return Step::kNeedMore;
    }
    msg_ = std::string_view(p, max_);
    truncated_ = true;
    start_ += avail;  // the rest of the frame, up to its "\n", is skipped
    skip_to_newline_ = true;
    scanned_ = 0;
    return Step::kEmitted;
  }
  size_t n = static_cast<size_t>(static_cast<const char*>(nl) - p);
  start_ += n + 1;
  scanned_ = 0;
  size_t body = n;
  if (body > 0 && p[body - 1] == '\r') body--;
  if (body == 0) return Step::kSkipped;
  truncated_ = body > max_;
  msg_ = std::string_view(p, truncated_ ? max_ : body);
  return Step::kEmitted;
}

}  // namespace lc
