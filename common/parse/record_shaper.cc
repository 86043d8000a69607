#include "common/parse/record_shaper.h"

#include <cstdio>

#include "common/base/signals.h"

namespace lc {

Status RecordShaper::Make(const ShapeOptions& opt, std::unique_ptr<RecordShaper>* out) {
  out->reset();
  std::unique_ptr<RecordShaper> r(new RecordShaper);
  if (Status s = MakeLineParser(opt.parser, &r->parser_); !s.ok()) return s;
  if (Status s = MultilineJoiner::Make(opt.multiline, &r->joiner_); !s.ok()) return s;
  if (r->parser_ == nullptr && r->joiner_ == nullptr) return Status();
  r->keep_body_ = opt.keep_body;
  *out = std::move(r);
  return Status();
}

std::string RecordShaper::CountersJson(uint64_t parsed, uint64_t failed) {
  return "{\"parsed\":" + std::to_string(parsed) + ",\"parse_failed\":" + std::to_string(failed) + "}";
}

void RecordShaper::MaybeReport() {
  if (parser_ != nullptr && TakeReportRequest()) fprintf(stderr, "%s\n", CountersJson().c_str());
}

}  // namespace lc
