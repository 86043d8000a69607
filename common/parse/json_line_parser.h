// JsonLineParser (--parser json): the line is one JSON object; each
// top-level member becomes a field, with its type (strings, numbers,
// true/false/null) and nested objects and arrays copied as they are, never
// re-encoded.  Anything else -- not an object, trailing bytes, a broken
// string, invalid UTF-8 -- is a parse error.
#ifndef LC_COMMON_PARSE_JSON_LINE_PARSER_H_
#define LC_COMMON_PARSE_JSON_LINE_PARSER_H_

#include "common/parse/line_parser.h"

namespace lc {

class JsonLineParser : public LineParser {
 public:
  bool Parse(std::string_view text, FieldWriter* out, std::string* why) override;
};

// True when [p, p+n) is valid UTF-8 (no overlongs, no surrogates).
bool ValidUtf8(const char* p, size_t n);

}  // namespace lc

#endif  // LC_COMMON_PARSE_JSON_LINE_PARSER_H_
