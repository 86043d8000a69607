// DelimiterLineParser (--parser delimiter --delimiter C --quote Q --fields
// a,b,c): a CSV-like split.  A column may be quoted; inside quotes the
// delimiter is text and a doubled quote ("") is one quote.  The columns
// become string fields named by --fields, in order; an empty column is an
// empty string.  More columns than names, fewer, an unterminated quote or
// text after a closing quote is a parse error.
#ifndef LC_COMMON_PARSE_DELIMITER_LINE_PARSER_H_
#define LC_COMMON_PARSE_DELIMITER_LINE_PARSER_H_

#include <string>
#include <vector>

#include "common/parse/line_parser.h"

namespace lc {

class DelimiterLineParser : public LineParser {
 public:
  DelimiterLineParser(char delimiter, char quote, std::vector<std::string> fields)
      : delim_(delimiter), quote_(quote), fields_(std::move(fields)) {
    for (const std::string& f : fields_) {
      name_is_.push_back(FieldWriter::PlainName(f) ? FieldWriter::NameIs::kPlain : FieldWriter::NameIs::kUnchecked);
    }
  }
  bool Parse(std::string_view text, FieldWriter* out, std::string* why) override;

 private:
  char delim_, quote_;
  std::vector<std::string> fields_;
  std::vector<FieldWriter::NameIs> name_is_;  // fields_' names, checked once
  std::string value_;  // a quoted column with its doubled quotes undone
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_DELIMITER_LINE_PARSER_H_
