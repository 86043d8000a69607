#include "common/parse/regex_line_parser.h"

namespace lc {

bool RegexLineParser::Parse(std::string_view text, FieldWriter* out, std::string* why) {
  switch (re_->Match(text, why)) {
    case PcreRegex::kNoMatch:
      *why = "regex: the line does not match";
      return false;
    case PcreRegex::kError:
      return false;
    case PcreRegex::kMatch:
      break;
  }
  for (const auto& [name, n] : re_->names()) {
    std::string_view g = re_->Group(text, n);
    // Group names are letters, digits and '_' (PCRE2), so plain JSON.
    if (g.data() != nullptr) out->AddString(name, g, FieldWriter::NameIs::kPlain);
  }
  return true;
}

}  // namespace lc
