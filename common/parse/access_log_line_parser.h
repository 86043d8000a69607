// AccessLogLineParser (--parser nginx --nginx-format F, --parser apache
// --apache-format F): reads a line by its compiled AccessLogFormat
// (access_log_format.h) from left to right: a literal must be there byte
// for byte; a variable takes the bytes up to the first byte of the literal
// after it (the last variable: up to the end of the line, a trailing CR
// left out).  A line that does not fit is a parse error naming the byte:
// "nginx: expected '\"' at byte 57".
//
// Fields are named after the variables (the Apache directives' nginx
// names).  A value "-" is absent: the field is left out.  A numeric
// variable (status, body_bytes_sent, request_time, ...) whose value is a
// JSON number is written as one, otherwise as a string ("0.004, 0.002").
// "request" is also split into request_method, request_uri and
// server_protocol when it is three non-empty words ("GET /a HTTP/1.1").
//
// Escapes are kept as text: nginx writes '"' as \x22 in access logs and
// the field holds the four characters \x22; Apache writes \" and \\, and
// an escaped '"' (a '"' after an odd number of backslashes) does not end
// an Apache variable.  Allocates nothing per line: fields are written
// straight from the line.
#ifndef LC_COMMON_PARSE_ACCESS_LOG_LINE_PARSER_H_
#define LC_COMMON_PARSE_ACCESS_LOG_LINE_PARSER_H_

#include <string>
#include <vector>

#include "common/parse/access_log_format.h"
#include "common/parse/line_parser.h"

namespace lc {

class AccessLogLineParser : public LineParser {
 public:
  explicit AccessLogLineParser(AccessLogFormat format) : fmt_(std::move(format)) {
    for (const AccessLogFormat::Item& it : fmt_.items) {
      name_is_.push_back(FieldWriter::PlainName(it.name) ? FieldWriter::NameIs::kPlain : FieldWriter::NameIs::kUnchecked);
    }
  }
  bool Parse(std::string_view text, FieldWriter* out, std::string* why) override;

 private:
  // `plain`: how many bytes of value need no JSON escaping (FindStop).
  void Emit(const AccessLogFormat::Item& item, FieldWriter::NameIs name_is, std::string_view value, size_t plain,
            FieldWriter* out) const;
  // request_method, request_uri and server_protocol from a request
  // "METHOD URI PROTOCOL" (`plain` as for Emit); nothing from another.
  void EmitRequestParts(std::string_view request, size_t plain, FieldWriter* out) const;

  AccessLogFormat fmt_;
  std::vector<FieldWriter::NameIs> name_is_;  // fmt_.items' names, checked once
};

// True for the JSON numbers a log writes: -?(0|[1-9][0-9]*)(\.[0-9]+)?
bool IsPlainNumber(std::string_view v);

}  // namespace lc

#endif  // LC_COMMON_PARSE_ACCESS_LOG_LINE_PARSER_H_
