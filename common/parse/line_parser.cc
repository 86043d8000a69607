#include "common/parse/line_parser.h"

#include "common/parse/access_log_line_parser.h"
#include "common/parse/delimiter_line_parser.h"
#include "common/parse/json_line_parser.h"
#include "common/parse/logfmt_line_parser.h"
#include "common/parse/regex_line_parser.h"

namespace lc {

Status MakeLineParser(const ParserOptions& opt, std::unique_ptr<LineParser>* out) {
  out->reset();
  if (opt.parser == "none") return Status();
  if (opt.parser == "json") {
    *out = std::make_unique<JsonLineParser>();
  } else if (opt.parser == "logfmt") {
    *out = std::make_unique<LogfmtLineParser>();
  } else if (opt.parser == "regex") {
    if (opt.regex.empty()) return Status::InvalidArgument("--parser regex needs --regex PATTERN");
    std::unique_ptr<PcreRegex> re;
    if (Status s = PcreRegex::Compile("--regex", opt.regex, &re); !s.ok()) return s;
    if (re->names().empty()) {
      return Status::InvalidArgument("--regex: '" + opt.regex + "' has no named group (?<name>...)");
    }
    *out = std::make_unique<RegexLineParser>(std::move(re));
  } else if (opt.parser == "delimiter") {
    if (opt.fields.empty()) return Status::InvalidArgument("--parser delimiter needs --fields a,b,c");
    if (opt.delimiter == opt.quote) {
      return Status::InvalidArgument("--delimiter and --quote must differ");
    }
    *out = std::make_unique<DelimiterLineParser>(opt.delimiter, opt.quote, opt.fields);
  } else if (opt.parser == "nginx" || opt.parser == "apache") {
    bool nginx = opt.parser == "nginx";
    AccessLogFormat f;
    Status s = AccessLogFormat::Compile(nginx ? AccessLogFormat::kNginx : AccessLogFormat::kApache,
                                        nginx ? "--nginx-format" : "--apache-format",
                                        nginx ? opt.nginx_format : opt.apache_format, &f);
    if (!s.ok()) return s;
    *out = std::make_unique<AccessLogLineParser>(std::move(f));
  } else {
    return Status::InvalidArgument("--parser: unknown mode '" + opt.parser +
                                   "' (none, json, regex, logfmt, delimiter, nginx, apache)");
  }
  return Status();
}

}  // namespace lc
