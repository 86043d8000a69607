#include "common/parse/multiline_joiner.h"

#include <algorithm>

namespace lc {

void JoinBuffer::Grow(size_t need) {
  size_t cap = std::max<size_t>(need, std::max<size_t>(256, 2 * cap_));
  std::unique_ptr<char[]> d(new char[cap]);
  if (size_ > 0) std::memcpy(d.get(), data_.get(), size_);
  data_ = std::move(d);
  cap_ = cap;
}

Status MultilineJoiner::Make(const MultilineOptions& opt, std::unique_ptr<MultilineJoiner>* out) {
  out->reset();
  if (opt.start.empty() && opt.cont.empty()) return Status();
  if (!opt.start.empty() && !opt.cont.empty()) {
    return Status::InvalidArgument("--multiline-start and --multiline-continue exclude each other");
  }
  if (opt.max_lines < 1 || opt.max_bytes < 1) {
    return Status::InvalidArgument("--multiline-max-lines and --multiline-max-bytes must be at least 1");
  }
  std::unique_ptr<MultilineJoiner> j(new MultilineJoiner(opt));
  j->start_mode_ = !opt.start.empty();
  const std::string& pattern = j->start_mode_ ? opt.start : opt.cont;
  Status s = PcreRegex::Compile(j->start_mode_ ? "--multiline-start" : "--multiline-continue",
                                pattern, &j->re_);
  if (!s.ok()) return s;
  *out = std::move(j);
  return Status();
}

}  // namespace lc
