// LogfmtLineParser (--parser logfmt): key=value pairs separated by spaces,
// as Go's logfmt and Heroku write them.  A value may be "double quoted"
// with \" and \\ escapes.  A bare key (no =) becomes an empty string
// field (nothing says it is a boolean).  Values are strings.  An
// unterminated quote, a pair with no key (" =x"), or a line with no pair
// at all is a parse error.
#ifndef LC_COMMON_PARSE_LOGFMT_LINE_PARSER_H_
#define LC_COMMON_PARSE_LOGFMT_LINE_PARSER_H_

#include <string>

#include "common/parse/line_parser.h"

namespace lc {

class LogfmtLineParser : public LineParser {
 public:
  bool Parse(std::string_view text, FieldWriter* out, std::string* why) override;

 private:
  std::string value_;  // an unescaped quoted value
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_LOGFMT_LINE_PARSER_H_
