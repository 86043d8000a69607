#include "common/json_escape.h"

#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lc {
namespace {

// Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not valid.
// Rejects overlongs, surrogates and code points above U+10FFFF.
inline size_t Utf8SequenceLength(const unsigned char* p, size_t avail) {
  unsigned c = p[0];
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) {
    return (avail >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
  }
  if (c < 0xF0) {
    if (avail < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c < 0xF5) {
    if (avail < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) {
      return 0;
    }
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

// Index of the first byte at or after i that needs attention: < 0x20, '"',
// '\\' or >= 0x80.
inline size_t SkipPlain(const unsigned char* s, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i bslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them too.
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, space),
                               _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
    int mask = _mm_movemask_epi8(bad);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) return i;
    i++;
  }
  return n;
}

}  // namespace

bool AppendJsonEscaped(std::string* out, const char* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  const unsigned char* s = reinterpret_cast<const unsigned char*>(p);
  bool valid = true;
  // Write through a pointer into room made up front (most lines need at
  // most a few escapes), growing only when an escape-heavy line needs it:
  // appending run by run costs more than the escaping itself.
  size_t base = out->size();
  out->resize(base + n + 32);
  char* d = &(*out)[base];
  char* limit = &(*out)[0] + out->size();
  auto room = [&](size_t need) {
    if (static_cast<size_t>(limit - d) >= need) return;
    size_t used = static_cast<size_t>(d - out->data());
    out->resize(used + need + (n - 0) * 2 + 64);
    d = &(*out)[0] + used;
    limit = &(*out)[0] + out->size();
  };
  size_t i = 0;
  while (i < n) {
    size_t start = i;
    // Extend the run over plain bytes and valid multi-byte sequences.
    for (;;) {
      i = SkipPlain(s, i, n);
      if (i >= n || s[i] < 0x80) break;
      size_t len = Utf8SequenceLength(s + i, n - i);
      if (len == 0) break;
      i += len;
    }
    if (i > start) {
      room(i - start + 6);
      memcpy(d, p + start, i - start);
      d += i - start;
    }
    if (i >= n) break;
    room(6);
    unsigned char c = s[i];
    switch (c) {
      case '"': d[0] = '\\'; d[1] = '"'; d += 2; break;
      case '\\': d[0] = '\\'; d[1] = '\\'; d += 2; break;
      case '\n': d[0] = '\\'; d[1] = 'n'; d += 2; break;
      case '\r': d[0] = '\\'; d[1] = 'r'; d += 2; break;
      case '\t': d[0] = '\\'; d[1] = 't'; d += 2; break;
      case '\b': d[0] = '\\'; d[1] = 'b'; d += 2; break;
      case '\f': d[0] = '\\'; d[1] = 'f'; d += 2; break;
      default:
        if (c < 0x20) {
          memcpy(d, "\\u00", 4);
          d[4] = kHex[c >> 4];
          d[5] = kHex[c & 15];
          d += 6;
        } else {  // invalid UTF-8 byte
          memcpy(d, "\xEF\xBF\xBD", 3);
          d += 3;
          valid = false;
        }
    }
    i++;
  }
  out->resize(static_cast<size_t>(d - out->data()));
  return valid;
}

void AppendBase64(std::string* out, const char* p, size_t n) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char* s = reinterpret_cast<const unsigned char*>(p);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t{s[i]} << 16) | (uint32_t{s[i + 1]} << 8) | s[i + 2];
    char b[4] = {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
                 kAlphabet[v & 63]};
    out->append(b, 4);
  }
  if (i < n) {
    uint32_t v = uint32_t{s[i]} << 16;
    if (i + 1 < n) v |= uint32_t{s[i + 1]} << 8;
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=');
    out->push_back('=');
  }
}

}  // namespace lc
