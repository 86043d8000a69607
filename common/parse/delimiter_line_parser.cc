#include "common/parse/delimiter_line_parser.h"

namespace lc {

bool DelimiterLineParser::Parse(std::string_view s, FieldWriter* out, std::string* why) {
  size_t i = 0, n = s.size(), col = 0;
  if (n > 0 && s[n - 1] == '\r') n--;  // CRLF files
  for (;;) {
    if (col >= fields_.size()) {
      *why = "delimiter: more than " + std::to_string(fields_.size()) + " columns";
      return false;
    }
    std::string_view v;
    if (i < n && s[i] == quote_) {
      value_.clear();
      size_t start = ++i;
      bool closed = false;
      while (i < n) {
        if (s[i] != quote_) {
          i++;
        } else if (i + 1 < n && s[i + 1] == quote_) {
          value_.append(s.data() + start, i + 1 - start);
          i += 2;
          start = i;
        } else {
          closed = true;
          break;
        }
      }
      if (!closed) {
        *why = "delimiter: unterminated quote in column " + std::to_string(col + 1);
        return false;
      }
      value_.append(s.data() + start, i - start);
      i++;
      if (i < n && s[i] != delim_) {
        *why = "delimiter: text after the closing quote in column " + std::to_string(col + 1);
        return false;
      }
      v = value_;
    } else {
      size_t start = i;
      while (i < n && s[i] != delim_) i++;
      v = s.substr(start, i - start);
    }
    out->AddString(fields_[col], v, name_is_[col]);
    col++;
    if (i >= n) break;
    i++;  // the delimiter
  }
  if (col != fields_.size()) {
    *why = "delimiter: " + std::to_string(col) + " columns, --fields names " +
           std::to_string(fields_.size());
    return false;
  }
  return true;
}

}  // namespace lc
