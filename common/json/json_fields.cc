#include "common/json/json_fields.h"

#include <cstring>

namespace lc {

namespace json_fields_internal {

constexpr size_t npos = std::string_view::npos;

size_t SkipWs(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

static bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

size_t ScanString(std::string_view s, size_t i, bool* escaped) {
  *escaped = false;
  ++i;  // the opening quote
  const size_t n = s.size();
  while (i < n) {
    // Fast path: plain bytes.
    const char* p = s.data() + i;
    const char* q = static_cast<const char*>(std::memchr(p, '"', n - i));
    if (!q) return npos;
    const char* bs = static_cast<const char*>(std::memchr(p, '\\', q - p));
    const char* stop = bs ? bs : q;
    for (const char* c = p; c < stop; ++c)
      if (static_cast<unsigned char>(*c) < 0x20) return npos;
    if (!bs) return (q - s.data()) + 1;
    *escaped = true;
    i = bs - s.data() + 1;
    if (i >= n) return npos;
    char e = s[i];
    if (e == 'u') {
      if (i + 4 >= n || !IsHex(s[i + 1]) || !IsHex(s[i + 2]) || !IsHex(s[i + 3]) || !IsHex(s[i + 4]))
        return npos;
      i += 5;
    } else if (std::strchr("\"\\/bfnrt", e) && e != '\0') {
      i += 1;
    } else {
      return npos;
    }
  }
  return npos;
}

size_t ScanValue(std::string_view s, size_t i, JsonMember::Type* type) {
  const size_t n = s.size();
  char c = s[i];
  if (c == '{' || c == '[') {
    *type = c == '{' ? JsonMember::kObject : JsonMember::kArray;
    int depth = 0;
    while (i < n) {
      char d = s[i];
      if (d == '"') {
        bool esc;
        i = ScanString(s, i, &esc);
        if (i == npos) return npos;
        continue;
      }
      if (d == '{' || d == '[') ++depth;
      if (d == '}' || d == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return npos;
  }
  auto word = [&](const char* w, JsonMember::Type t) -> size_t {
    size_t len = std::strlen(w);
    if (s.compare(i, len, w) != 0) return npos;
    *type = t;
    return i + len;
  };
  if (c == 't') return word("true", JsonMember::kTrue);
  if (c == 'f') return word("false", JsonMember::kFalse);
  if (c == 'n') return word("null", JsonMember::kNull);
  if (c == '-' || (c >= '0' && c <= '9')) {
    size_t start = i;
    while (i < n && (std::strchr("0123456789+-.eE", s[i]) && s[i] != '\0')) ++i;
    if (i == start || (s[start] == '-' && i == start + 1)) return npos;
    *type = JsonMember::kNumber;
    return i;
  }
  return npos;
}

}  // namespace json_fields_internal

std::string JsonMember::KeyText() const {
  return key_escaped ? JsonUnescape(key) : std::string(key);
}

std::string JsonMember::ValueText() const {
  if (type == kString && value_escaped) return JsonUnescape(value);
  return std::string(value);
}

bool JsonMember::KeyIs(std::string_view name) const {
  return key_escaped ? JsonUnescape(key) == name : key == name;
}

}  // namespace lc
