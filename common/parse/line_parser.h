// LineParser: turns the text of one record (a line, or lines a multiline
// join put together) into fields (field_writer.h).  One per parse mode of
// --parser: json, regex, logfmt, delimiter, nginx and apache (each in its
// own file pair);
// "none" has no parser at all.
//
// Parse returns false with a reason for text it cannot read; the caller
// then writes the record with its body and "lc.parse_error" (never drops
// it).  A parser holds its scratch buffers and allocates nothing per line
// once they have grown; it is not thread-safe.
#ifndef LC_COMMON_PARSE_LINE_PARSER_H_
#define LC_COMMON_PARSE_LINE_PARSER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/parse/access_log_format.h"
#include "common/parse/field_writer.h"

namespace lc {

class LineParser {
 public:
  virtual ~LineParser() = default;
  // Adds the fields of `text` to `out` (cleared by the caller), or returns
  // false and sets *why.
  virtual bool Parse(std::string_view text, FieldWriter* out, std::string* why) = 0;
};

// The parse mode and its settings: the flags of lc-tail and lc-stdout
// (shape_flags.h), the "parser" object of a watch event.
struct ParserOptions {
  std::string parser = "none";  // none | json | regex | logfmt | delimiter | nginx | apache
  std::string regex;
  char delimiter = ',';
  char quote = '"';
  std::vector<std::string> fields;  // delimiter: the column names
  std::string nginx_format = kNginxCombined;  // nginx: a log_format string
  std::string apache_format = "combined";    // apache: common, combined, vhost_combined or a LogFormat
};

// Makes the parser of `opt` (nullptr for "none").  InvalidArgument naming
// the flag for an unknown mode, a regex or access-log format that does not
// compile (with the pattern and the offset), or a mode missing its settings.
Status MakeLineParser(const ParserOptions& opt, std::unique_ptr<LineParser>* out);

}  // namespace lc

#endif  // LC_COMMON_PARSE_LINE_PARSER_H_
