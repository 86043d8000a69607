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

namespace {
using json_fields_internal::ScanString;
using json_fields_internal::SkipWs;
constexpr size_t npos = std::string_view::npos;
constexpr int kMaxDepth = 256;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strict JSON number grammar; returns the index past it or npos.
size_t ScanNumber(std::string_view s, size_t i) {
  size_t n = s.size();
  if (i < n && s[i] == '-') i++;
  if (i >= n || !IsDigit(s[i])) return npos;
  if (s[i] == '0') {
    i++;
  } else {
    while (i < n && IsDigit(s[i])) i++;
  }
  if (i < n && s[i] == '.') {
    if (++i >= n || !IsDigit(s[i])) return npos;
    while (i < n && IsDigit(s[i])) i++;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    if (i >= n || !IsDigit(s[i])) return npos;
    while (i < n && IsDigit(s[i])) i++;
  }
  return i;
}

// A whole JSON value from s[i] (strict, bounded depth): the index past it, or npos.
// The members' scanner skips nested values unchecked; what is copied into a
// record must be valid, so they are checked here.
size_t ScanStrict(std::string_view s, size_t i, int depth) {
  if (i >= s.size() || depth > kMaxDepth) return npos;
  char c = s[i];
  if (c == '"') {
    bool esc;
    return ScanString(s, i, &esc);
  }
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    i = SkipWs(s, i + 1);
    if (i < s.size() && s[i] == close) return i + 1;
    for (;;) {
      if (c == '{') {
        if (i >= s.size() || s[i] != '"') return npos;
        bool esc;
        i = ScanString(s, i, &esc);
        if (i == npos) return npos;
        i = SkipWs(s, i);
        if (i >= s.size() || s[i] != ':') return npos;
        i = SkipWs(s, i + 1);
      }
      i = ScanStrict(s, i, depth + 1);
      if (i == npos) return npos;
      i = SkipWs(s, i);
      if (i < s.size() && s[i] == ',') {
        i = SkipWs(s, i + 1);
        continue;
      }
      if (i < s.size() && s[i] == close) return i + 1;
      return npos;
    }
  }
  if (c == '-' || IsDigit(c)) return ScanNumber(s, i);
  for (std::string_view w : {"true", "false", "null"}) {
    if (s.compare(i, w.size(), w) == 0) return i + w.size();
  }
  return npos;
}
}  // namespace

bool JsonLineParser::Parse(std::string_view text, FieldWriter* out, std::string* why) {
  if (!ValidUtf8(text.data(), text.size())) {
    *why = "json: not valid UTF-8";
    return false;
  }
  bool bad_value = false;
  bool ok = ForEachJsonMember(text, [&](const JsonMember& m) {
    if (m.type != JsonMember::kString && m.type != JsonMember::kTrue &&
        m.type != JsonMember::kFalse && m.type != JsonMember::kNull &&
        ScanStrict(m.value, 0, 1) != m.value.size()) {
      bad_value = true;
      return false;
    }
    out->AddJson(m.key, m.key_escaped, m.value, m.type == JsonMember::kString);
    return true;
  });
  if (!ok || bad_value) {
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
