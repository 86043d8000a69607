#include "common/parse/json_line_parser.h"

#include <cstring>

#include "common/json/json_fields.h"
#include "common/json/json_scan.h"

namespace lc {

bool ValidUtf8(const char* p, size_t n) {
  const auto* s = reinterpret_cast<const unsigned char*>(p);
  size_t i = 0;
  while (i < n) {
    // ASCII runs, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t x;
      memcpy(&x, s + i, 8);
      if (x & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    size_t len = Utf8SequenceLength(s + i, n - i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool JsonLineParser::Parse(std::string_view text, FieldWriter* out, std::string* why) {
  // Values are checked as they are scanned: what is copied into a record
  // must be valid JSON.
  bool ok = ForEachStrictJsonMember(text, [&](const JsonMember& m) {
    out->AddJson(m.key, m.key_escaped, m.value, m.type == JsonMember::kString);
    return true;
  });
  if (!ok) {
    // Members seen before the error were added: drop them.  A line that
    // walked whole is valid UTF-8 (the strict walk checks its strings), so
    // only a failed one is looked at again, for the message.
    if (!ValidUtf8(text.data(), text.size())) {
      *why = "json: not valid UTF-8";
      return false;
    }
    *why = text.find_first_not_of(" \t\r") == std::string_view::npos ||
                   text[text.find_first_not_of(" \t\r")] != '{'
               ? "json: not an object"
               : "json: malformed object";
    return false;
  }
  return true;
}

}  // namespace lc
