#include "common/parse/record_shaper.h"

#include <cstdio>

#include "common/base/signals.h"

namespace lc {

Status RecordShaper::Make(const ShapeOptions& opt, std::unique_ptr<RecordShaper>* out) {
  out->reset();
  std::unique_ptr<RecordShaper> r(new RecordShaper);
  if (Status s = MakeLineParser(opt.parser, &r->parser_); !s.ok()) return s;
  if (Status s = MultilineJoiner::Make(opt.multiline, &r->joiner_); !s.ok()) return s;
  if (!opt.time.key.empty()) {
    if (r->parser_ == nullptr) return Status::InvalidArgument("--time-key: needs a --parser (json, regex, logfmt, delimiter...)");
    if (Status s = TimeFormat::Compile(opt.time.format, &r->time_format_); !s.ok()) {
      return Status::InvalidArgument("--time-format: " + s.message());
    }
    if (Status s = TimeZone::Load(opt.time.zone, &r->time_zone_); !s.ok()) {
      return Status::InvalidArgument("--time-zone: " + s.message());
    }
    r->timing_ = true;
    r->missing_why_ = "no field \"" + opt.time.key + "\"";
    r->fields_.SetTimeKey(opt.time.key);
  }
  if (r->parser_ == nullptr && r->joiner_ == nullptr) return Status();
  r->keep_body_ = opt.keep_body;
  *out = std::move(r);
  return Status();
}

std::string RecordShaper::CountersJson(uint64_t parsed, uint64_t failed, int64_t time_failed) {
  std::string s = "{\"parsed\":" + std::to_string(parsed) + ",\"parse_failed\":" + std::to_string(failed);
  if (time_failed >= 0) s += ",\"time_failed\":" + std::to_string(time_failed);
  return s + "}";
}

void RecordShaper::MaybeReport() {
  if (parser_ != nullptr && TakeReportRequest()) fprintf(stderr, "%s\n", CountersJson().c_str());
}

}  // namespace lc
