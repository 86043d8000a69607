#include "common/json_unescape.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lc {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Hex4(const char* p, unsigned* v) {
  *v = 0;
  for (int i = 0; i < 4; i++) {
    int d = HexDigit(p[i]);
    if (d < 0) return false;
    *v = *v * 16 + static_cast<unsigned>(d);
  }
  return true;
}

void AppendUtf8(std::string* out, unsigned cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Index of the first '"' or '\\' at or after i (n if none), 16 bytes at a time.
inline size_t ScanQuoteOrBackslash(const char* p, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  while (i < n && p[i] != '"' && p[i] != '\\') i++;
  return i;
}

}  // namespace

size_t UnescapeJsonString(const char* p, size_t n, std::string* out) {
  out->clear();
  size_t i = 0;
  while (i < n) {
    size_t run = ScanQuoteOrBackslash(p, i, n);
    out->append(p + i, run - i);
    i = run;
    if (i >= n) return 0;
    if (p[i] == '"') return i + 1;
    if (i + 1 >= n) return 0;
    char e = p[i + 1];
    i += 2;
    switch (e) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'n': out->push_back('\n'); break;
      case 't': out->push_back('\t'); break;
      case 'r': out->push_back('\r'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'u': {
        unsigned cp;
        if (i + 4 > n || !Hex4(p + i, &cp)) return 0;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= n && p[i] == '\\' && p[i + 1] == 'u') {
          unsigned lo;
          if (Hex4(p + i + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;  // a lone surrogate
        AppendUtf8(out, cp);
        break;
      }
      default:
        return 0;
    }
  }
  return 0;
}

std::string JsonUnescape(std::string_view escaped) {
  // The contents of a string never hold a bare '"': the one added ends it.
  std::string quoted(escaped);
  quoted.push_back('"');
  std::string out;
  if (UnescapeJsonString(quoted.data(), quoted.size(), &out) == 0) return std::string(escaped);
  return out;
}

}  // namespace lc
