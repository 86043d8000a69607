#include "common/parse/shape_flags.h"

#include <cstdio>
#include <cstring>

#include "common/base/duration.h"
#include "common/base/text_decoder.h"

namespace lc {

void AddShapeFlags(CLI::App& app, ShapeFlags* f) {
  app.add_option("--parser", f->parser, "Parse each record's text into fields: none (the line is body), json, regex, logfmt, delimiter, nginx, apache")
      ->check(CLI::IsMember({"none", "json", "regex", "logfmt", "delimiter", "nginx", "apache"}));
  app.add_option("--regex", f->regex, "--parser regex: PCRE2 pattern; its named groups become fields");
  app.add_option("--delimiter", f->delimiter, "--parser delimiter: the column separator (one character)");
  app.add_option("--quote", f->quote, "--parser delimiter: the quote character (doubled inside quotes)");
  app.add_option("--fields", f->fields, "--parser delimiter: the column names, a,b,c");
  app.add_option("--nginx-format", f->nginx_format, "--parser nginx: the log_format string (default: nginx's combined)");
  app.add_option("--apache-format", f->apache_format, "--parser apache: common, combined, vhost_combined or a LogFormat string (default combined)");
  app.add_flag("--keep-body", f->keep_body, "Keep the raw text in body beside the parsed fields");
  app.add_option("--multiline-start", f->multiline_start, "Join lines: a line matching REGEX begins a record, others continue it");
  app.add_option("--multiline-continue", f->multiline_continue, "Join lines: a line matching REGEX continues the record before");
  app.add_option("--multiline-timeout", f->multiline_timeout, "Emit an unfinished joined record after this idle time");
  app.add_option("--multiline-max-lines", f->multiline_max_lines, "Cut a joined record at N lines (flagged lc.truncated)")
      ->check(CLI::Range(1, 1 << 30));
  app.add_option("--multiline-max-bytes", f->multiline_max_bytes, "Cut a joined record at N bytes (flagged lc.truncated)")
      ->check(CLI::Range(1, 1 << 30));
  app.add_option("--encoding", f->encoding, "The source's encoding (any iconv name: gbk, gb18030, big5, shift_jis, utf-16le, latin1, ...), decoded to UTF-8");
  // The time field.
  app.add_option("--time-key", f->time_key, "Set the record's time from this parsed field (the field stays)");
  app.add_option("--time-format", f->time_format, "--time-key: strftime-style FMT, or rfc3339, iso8601, epoch, epoch_ms, epoch_us, epoch_ns");
  app.add_option("--time-zone", f->time_zone, "--time-key: the zone of values without an offset: +08:00, UTC, or a tz name like Asia/Shanghai");
}

Status MakeShaperStatus(const ShapeFlags& f, std::unique_ptr<RecordShaper>* out) {
  ShapeOptions opt;
  auto fail = [](const std::string& msg) { return Status::InvalidArgument(msg); };
  std::unique_ptr<TextDecoder> dec;
  if (Status s = TextDecoder::Open(f.encoding, &dec); !s.ok()) return fail("--encoding: " + s.message());
  if (f.delimiter.size() != 1) return fail("--delimiter: '" + f.delimiter + "' is not one character");
  if (f.quote.size() != 1) return fail("--quote: '" + f.quote + "' is not one character");
  opt.parser.parser = f.parser;
  opt.parser.regex = f.regex;
  opt.parser.delimiter = f.delimiter[0];
  opt.parser.quote = f.quote[0];
  opt.parser.nginx_format = f.nginx_format;
  opt.parser.apache_format = f.apache_format;
  for (size_t i = 0; !f.fields.empty();) {
    size_t comma = f.fields.find(',', i);
    std::string name = f.fields.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
    if (name.empty()) return fail("--fields: an empty column name in '" + f.fields + "'");
    opt.parser.fields.push_back(name);
    if (comma == std::string::npos) break;
    i = comma + 1;
  }
  opt.keep_body = f.keep_body;
  opt.multiline.start = f.multiline_start;
  opt.multiline.cont = f.multiline_continue;
  opt.multiline.max_lines = f.multiline_max_lines;
  opt.multiline.max_bytes = f.multiline_max_bytes;
  if (Status s = ParseDuration(f.multiline_timeout, &opt.multiline.timeout_ns); !s.ok()) {
    return fail("--multiline-timeout: " + s.message());
  }
  if (opt.multiline.timeout_ns <= 0) return fail("--multiline-timeout: must be positive");
  // The time field.
  if (f.time_key.empty() && f.time_format != ShapeFlags().time_format) return fail("--time-format: needs --time-key");
  if (f.time_key.empty() && f.time_zone != ShapeFlags().time_zone) return fail("--time-zone: needs --time-key");
  opt.time.key = f.time_key;
  opt.time.format = f.time_format;
  opt.time.zone = f.time_zone;
  return RecordShaper::Make(opt, out);
}

bool MakeShaper(const char* tool, const ShapeFlags& f, std::unique_ptr<RecordShaper>* out) {
  Status s = MakeShaperStatus(f, out);
  if (s.ok() && strcmp(tool, "lc-stdout") == 0 && TextDecoder::IsWide(f.encoding)) {
    // A runtime splits a message at its 0x0A bytes: no UTF-16 line survives it.
    s = Status::InvalidArgument("--encoding: \"" + f.encoding + "\" cannot be decoded line by line");
  }
  if (!s.ok()) fprintf(stderr, "%s: %s\n", tool, s.message().c_str());
  return s.ok();
}

std::vector<std::string> ShapeFlagArgs(const ShapeFlags& f) {
  const ShapeFlags d;
  std::vector<std::string> a;
  auto add = [&](const char* flag, const std::string& v, const std::string& def) {
    if (v != def) a.push_back(std::string(flag) + "=" + v);
  };
  add("--parser", f.parser, d.parser);
  add("--regex", f.regex, d.regex);
  add("--delimiter", f.delimiter, d.delimiter);
  add("--quote", f.quote, d.quote);
  add("--fields", f.fields, d.fields);
  add("--nginx-format", f.nginx_format, d.nginx_format);
  add("--apache-format", f.apache_format, d.apache_format);
  if (f.keep_body) a.push_back("--keep-body");
  add("--multiline-start", f.multiline_start, d.multiline_start);
  add("--multiline-continue", f.multiline_continue, d.multiline_continue);
  add("--multiline-timeout", f.multiline_timeout, d.multiline_timeout);
  add("--multiline-max-lines", std::to_string(f.multiline_max_lines), std::to_string(d.multiline_max_lines));
  add("--multiline-max-bytes", std::to_string(f.multiline_max_bytes), std::to_string(d.multiline_max_bytes));
  add("--encoding", f.encoding, d.encoding);
  add("--time-key", f.time_key, d.time_key);
  add("--time-format", f.time_format, d.time_format);
  add("--time-zone", f.time_zone, d.time_zone);
  return a;
}

}  // namespace lc
