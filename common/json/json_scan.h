// JsonScan: the inner copy loop of JSON escaping and unescaping.  Both copy a
// string's bytes as they are until one that needs work: '"' and '\\' for
// either, and for escaping also control bytes (< 0x20) and bytes >= 0x80
// (UTF-8, to be validated).  Runs are found and copied 16 bytes at a time.
// JsonPlainPrefix finds the same run for escaping without copying it, for
// callers that copy it in one piece with other text (FieldWriter), and
// FindByteNotingPlain finds it on the way to the end of a value that a
// parser looks for anyway (the access log parser's next literal).
#ifndef LC_COMMON_JSON_SCAN_H_
#define LC_COMMON_JSON_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lc {

namespace json_scan_internal {
constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
// The high bit of each byte of the 8 (little-endian) in x that is '"' or
// '\\' (or, escaping, < 0x20 or >= 0x80).  A zero byte's borrow may flag
// bytes above it, never below, so the lowest flag is exact (the first byte).
// The high bit of each zero byte of x, and maybe of bytes above one (the
// borrow): the lowest is exact.
inline uint64_t ZeroBits8(uint64_t v) { return (v - kOnes) & ~v & kHigh; }
template <bool kEscaping>
inline uint64_t StopBits8(uint64_t x) {
  uint64_t stop = ZeroBits8(x ^ (kOnes * '"')) | ZeroBits8(x ^ (kOnes * '\\'));
  if (kEscaping) stop |= ((x - kOnes * 0x20) & ~x & kHigh) | (x & kHigh);
  return stop;
}
#if defined(__SSE2__)
// One bit per byte of v, set as StopBits8 sets its byte's high bit.
template <bool kEscaping>
inline int StopMask16(__m128i v) {
  __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them too.
  if (kEscaping) stop = _mm_or_si128(stop, _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
  return _mm_movemask_epi8(stop);
}
#endif
}  // namespace json_scan_internal

// The length of the valid UTF-8 sequence at p (1..4; avail bytes there),
// or 0 if it is not valid: overlongs, surrogates and code points above
// U+10FFFF are not.  Escaping and the strict JSON scan check with it.
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

// The length of the longest prefix of [s, s+n) that is its own JSON string
// text: printable ASCII without '"' or '\\' (the index of the first byte
// escaping would touch, or n).  Such a prefix can be copied with no
// escaping, and escaping the rest alone gives what escaping the whole would
// (no UTF-8 sequence starts in an ASCII prefix).
// Always inlined: called per field, mostly on short strings, where a call
// and loading its constants cost as much as the scan.
__attribute__((always_inline)) inline size_t JsonPlainPrefix(const char* s, size_t n) {
  using namespace json_scan_internal;
  if (n < 8) {
    // Names and many values ("GET", "200") are this short: their bytes go
    // in one word as two overlapping halves (first and last 4, or 2), the
    // rest of the word padded with spaces (plain), and are scanned at once.
    uint64_t x;
    size_t half;
    if (n >= 4) {
      uint32_t a, b;
      memcpy(&a, s, 4);
      memcpy(&b, s + n - 4, 4);
      x = a | uint64_t{b} << 32;
      half = 4;
    } else if (n >= 2) {
      uint16_t a, b;
      memcpy(&a, s, 2);
      memcpy(&b, s + n - 2, 2);
      x = a | uint64_t{b} << 16 | (kOnes * ' ') << 32;
      half = 2;
    } else if (n == 1) {
      x = static_cast<unsigned char>(s[0]) | (kOnes * ' ') << 8;
      half = 1;
    } else {
      return 0;
    }
    uint64_t stop = StopBits8<true>(x);
    if (stop == 0) return n;
    size_t k = static_cast<size_t>(__builtin_ctzll(stop)) / 8;
    return k < half ? k : n - half + (k - half);  // the second half starts at n - half
  }
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    int mask = StopMask16<true>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, s + i, 8);
    uint64_t stop = StopBits8<true>(x);
    if (stop != 0) return i + static_cast<size_t>(__builtin_ctzll(stop)) / 8;
  }
  // The last 8 bytes, overlapping the words already seen (all plain).
  if (i < n) {
    uint64_t x;
    memcpy(&x, s + n - 8, 8);
    uint64_t stop = StopBits8<true>(x);
    return stop == 0 ? n : n - 8 + static_cast<size_t>(__builtin_ctzll(stop)) / 8;
  }
  return n;
}

// The index of the first byte `stop` in [s, s+n), or n if there is none;
// *plain is set to JsonPlainPrefix of the bytes before it.  One pass for a
// parser that looks for the end of a value and would otherwise scan the
// value again to escape it.  Always inlined, like JsonPlainPrefix: called
// per value, mostly short, where the call cost as much as the scan.
__attribute__((always_inline)) inline size_t FindByteNotingPlain(const char* s, size_t n, char stop, size_t* plain) {
  using namespace json_scan_internal;
  size_t special = n;  // the first byte escaping would touch, once seen
  auto found = [&](size_t at) {
    *plain = special < at ? special : at;
    return at;
  };
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i stops = _mm_set1_epi8(stop);
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    int at = _mm_movemask_epi8(_mm_cmpeq_epi8(v, stops));
    if (special == n) {
      int mask = StopMask16<true>(v);
      if (mask != 0) special = i + static_cast<size_t>(__builtin_ctz(mask));
    }
    if (at != 0) return found(i + static_cast<size_t>(__builtin_ctz(at)));
  }
#endif
  // Words of 8, the last one overlapping those seen when n is not a
  // multiple (its bytes already seen hold no stop, and any special byte
  // among them was noted first).
  while (i < n && n >= 8) {
    if (i + 8 > n) i = n - 8;
    uint64_t x;
    memcpy(&x, s + i, 8);
    if (special == n) {
      uint64_t mask = StopBits8<true>(x);
      if (mask != 0) special = i + static_cast<size_t>(__builtin_ctzll(mask)) / 8;
    }
    uint64_t at = ZeroBits8(x ^ (kOnes * static_cast<unsigned char>(stop)));
    if (at != 0) return found(i + static_cast<size_t>(__builtin_ctzll(at)) / 8);
    i += 8;
  }
  for (; i < n; i++) {  // fewer than 8 bytes in all
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (special == n && (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)) special = i;
    if (s[i] == stop) return found(i);
  }
  *plain = special;
  return n;
}

// Copies bytes from s[i] on to *dp, advancing it, up to the first byte that
// needs more than a copy, and returns its index (or n).  Unescaping stops at
// '"' and '\\'.  Escaping writes '"' and '\\' escaped itself (they are most
// of the escapes in real logs, and handling them here keeps the loop going)
// and stops at control bytes (< 0x20) and bytes >= 0x80 (UTF-8, to be
// validated).
//
// Steps of 16 bytes (SSE2), then 8 (in a 64-bit word), store a whole step at
// once, so it may write up to 15 bytes past what it copies, and only while
// that many input bytes remain: the caller leaves that much room beyond the
// copied run (escaping's six bytes per input byte always cover it).
template <bool kEscaping>
inline size_t CopyJsonRun(const char* s, size_t i, size_t n, char** dp) {
  char* d = *dp;
  // At the first byte of a step that needs work, k bytes in: escapes it and
  // goes on when it is a quote or backslash to escape (true), else ends the
  // run there (false).
  auto at_stop = [&](size_t k) {
    char c = s[i + k];
    if (!kEscaping || (c != '"' && c != '\\')) {
      d += k;
      i += k;
      return false;
    }
    d[k] = '\\';
    d[k + 1] = c;
    d += k + 2;
    i += k + 1;
    return true;
  };
  using namespace json_scan_internal;
#if defined(__SSE2__)
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d), v);
    int mask = StopMask16<kEscaping>(v);
    if (mask == 0) {
      i += 16;
      d += 16;
    } else if (!at_stop(static_cast<size_t>(__builtin_ctz(mask)))) {
      *dp = d;
      return i;
    }
  }
#endif
  while (i + 8 <= n) {
    uint64_t x;
    memcpy(&x, s + i, 8);
    memcpy(d, &x, 8);
    uint64_t stop = StopBits8<kEscaping>(x);
    if (stop == 0) {
      i += 8;
      d += 8;
    } else if (!at_stop(static_cast<size_t>(__builtin_ctzll(stop)) / 8)) {
      *dp = d;
      return i;
    }
  }
  for (; i < n; i++) {
    char c = s[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      if (!kEscaping) break;
      *d++ = '\\';
    } else if (kEscaping && (u < 0x20 || u >= 0x80)) {
      break;
    }
    *d++ = c;
  }
  *dp = d;
  return i;
}

}  // namespace lc

#endif  // LC_COMMON_JSON_SCAN_H_
