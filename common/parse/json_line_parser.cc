#include "common/parse/json_line_parser.h"

#include <cstring>

#include "common/json/json_fields.h"

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
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > n) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (size_t k = 2; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

bool JsonLineParser::Parse(std::string_view text, FieldWriter* out, std::string* why) {
  if (!ValidUtf8(text.data(), text.size())) {
    *why = "json: not valid UTF-8";
    return false;
  }
  // Values are checked as they are scanned: what is copied into a record
  // must be valid JSON.
  bool ok = ForEachStrictJsonMember(text, [&](const JsonMember& m) {
    out->AddJson(m.key, m.key_escaped, m.value, m.type == JsonMember::kString);
    return true;
  });
  if (!ok) {
    // Members seen before the error were added: drop them.
    *why = text.find_first_not_of(" \t\r") == std::string_view::npos ||
                   text[text.find_first_not_of(" \t\r")] != '{'
               ? "json: not an object"
               : "json: malformed object";
    return false;
  }
  return true;
}

}  // namespace lc
