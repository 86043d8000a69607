// RegexLineParser (--parser regex --regex PATTERN): the named groups of a
// PCRE2 pattern (pcre_regex.h) become string fields; a group that did not
// take part is absent.  A line the pattern does not match, or on which it
// reaches the match limit, is a parse error.
#ifndef LC_COMMON_PARSE_REGEX_LINE_PARSER_H_
#define LC_COMMON_PARSE_REGEX_LINE_PARSER_H_

#include <memory>

#include "common/parse/line_parser.h"
#include "common/parse/pcre_regex.h"

namespace lc {

class RegexLineParser : public LineParser {
 public:
  explicit RegexLineParser(std::unique_ptr<PcreRegex> re) : re_(std::move(re)) {}
  bool Parse(std::string_view text, FieldWriter* out, std::string* why) override;

 private:
  std::unique_ptr<PcreRegex> re_;
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_REGEX_LINE_PARSER_H_
