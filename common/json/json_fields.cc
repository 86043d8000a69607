#include "common/json/json_fields.h"

#include <cstdint>
#include <cstring>

#include "common/json/json_scan.h"

namespace lc {

namespace json_fields_internal {

constexpr size_t npos = std::string_view::npos;

static bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

namespace {

// Bytes that end a string's plain run: '"', '\\' and the control bytes a
// JSON string may not hold raw.
bool Special(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

// Eight bytes at p: the high bit of each that is Special (SWAR: no call, no
// table; the strings of a log line are short, so memchr's setup cost
// dominated).  Borrows may flag bytes above a Special one, never below, so
// the lowest flag is exact and the byte is found without a byte loop.
uint64_t SpecialBits8(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t x;
  std::memcpy(&x, p, 8);
  auto zero_byte = [&](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  uint64_t quote = zero_byte(x ^ (kOnes * '"'));
  uint64_t backslash = zero_byte(x ^ (kOnes * '\\'));
  uint64_t control = (x - kOnes * 0x20) & ~x & kHigh;  // a byte < 0x20 (bytes >= 0x80 excluded by ~x)
  return quote | backslash | control;
}

}  // namespace

namespace {

// ScanString, and with kUtf8 also checking that bytes >= 0x80 are valid
// UTF-8 (they are found by the same step that finds quotes and escapes).
template <bool kUtf8>
size_t ScanStringT(std::string_view s, size_t i, bool* escaped) {
  *escaped = false;
  ++i;  // the opening quote
  const size_t n = s.size();
  const char* d = s.data();
  for (;;) {
    for (;;) {
#if defined(__SSE2__)
      // The escaping scan's stops are this one's plus bytes >= 0x80.
      if (kUtf8 && i + 16 <= n) {
        int stop = json_scan_internal::StopMask16<true>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i)));
        if (stop != 0) {
          i += static_cast<size_t>(__builtin_ctz(stop));
          break;
        }
        i += 16;
        continue;
      }
#endif
      if (i + 8 > n) {
        while (i < n && !Special(static_cast<unsigned char>(d[i])) && (!kUtf8 || static_cast<unsigned char>(d[i]) < 0x80)) ++i;
        break;
      }
      uint64_t stop = SpecialBits8(d + i);
      if (kUtf8) {
        uint64_t x;
        std::memcpy(&x, d + i, 8);
        stop |= x & 0x8080808080808080ull;
      }
      if (stop != 0) {
        i += static_cast<size_t>(__builtin_ctzll(stop)) / 8;
        break;
      }
      i += 8;
    }
    if (i >= n) return npos;
    char c = d[i];
    if (c == '"') return i + 1;
    if (kUtf8 && static_cast<unsigned char>(c) >= 0x80) {
      size_t len = Utf8SequenceLength(reinterpret_cast<const unsigned char*>(d + i), n - i);
      if (len == 0) return npos;
      i += len;
      continue;
    }
    if (c != '\\') return npos;  // a raw control byte
    *escaped = true;
    if (++i >= n) return npos;
    char e = d[i];
    if (e == 'u') {
      if (i + 4 >= n || !IsHex(d[i + 1]) || !IsHex(d[i + 2]) || !IsHex(d[i + 3]) || !IsHex(d[i + 4])) {
        return npos;
      }
      i += 5;
    } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      i += 1;
    } else {
      return npos;
    }
  }
}

}  // namespace

size_t ScanString(std::string_view s, size_t i, bool* escaped) { return ScanStringT<false>(s, i, escaped); }
size_t ScanStrictString(std::string_view s, size_t i, bool* escaped) { return ScanStringT<true>(s, i, escaped); }

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
    auto number_byte = [](char b) {
      return (b >= '0' && b <= '9') || b == '+' || b == '-' || b == '.' || b == 'e' || b == 'E';
    };
    while (i < n && number_byte(s[i])) ++i;
    if (i == start || (s[start] == '-' && i == start + 1)) return npos;
    *type = JsonMember::kNumber;
    return i;
  }
  return npos;
}

namespace {


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
size_t ScanStrict(std::string_view s, size_t i, int depth) {
  if (i >= s.size() || depth > kMaxStrictDepth) return npos;
  char c = s[i];
  if (c == '"') {
    bool esc;
    return ScanStrictString(s, i, &esc);
  }
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    i = SkipWs(s, i + 1);
    if (i < s.size() && s[i] == close) return i + 1;
    for (;;) {
      if (c == '{') {
        if (i >= s.size() || s[i] != '"') return npos;
        bool esc;
        i = ScanStrictString(s, i, &esc);
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

size_t ScanStrictValue(std::string_view s, size_t i, JsonMember::Type* type) {
  switch (s[i]) {
    case '{': *type = JsonMember::kObject; break;
    case '[': *type = JsonMember::kArray; break;
    case 't': *type = JsonMember::kTrue; break;
    case 'f': *type = JsonMember::kFalse; break;
    case 'n': *type = JsonMember::kNull; break;
    case '"': *type = JsonMember::kString; break;
    default: *type = JsonMember::kNumber;
  }
  return ScanStrict(s, i, 1);
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
