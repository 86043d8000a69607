// JsonScan: the inner copy loop of JSON escaping and unescaping.  Both copy a
// string's bytes as they are until one that needs work: '"' and '\\' for
// either, and for escaping also control bytes (< 0x20) and bytes >= 0x80
// (UTF-8, to be validated).  Runs are found and copied 16 bytes at a time.
#ifndef LC_COMMON_JSON_SCAN_H_
#define LC_COMMON_JSON_SCAN_H_

#include <cstddef>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lc {

// Copies bytes from s[i] on to *dp, advancing it, up to the first '"' or
// '\\' (and, if kEscaping, the first byte < 0x20 or >= 0x80), and returns
// its index (or n).  With one unaligned 16-byte store per step it may write
// up to 15 bytes past what it copies, and only while 16 input bytes remain:
// the caller leaves that much room beyond the copied run.
template <bool kEscaping>
inline size_t CopyJsonRun(const char* s, size_t i, size_t n, char** dp) {
  char* d = *dp;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i bslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d), v);
    __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them too.
    if (kEscaping) stop = _mm_or_si128(stop, _mm_cmplt_epi8(v, space));
    int mask = _mm_movemask_epi8(stop);
    if (mask != 0) {
      size_t k = static_cast<size_t>(__builtin_ctz(mask));
      *dp = d + k;
      return i + k;
    }
    i += 16;
    d += 16;
  }
#endif
  for (; i < n; i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\' || (kEscaping && (c < 0x20 || c >= 0x80))) break;
    *d++ = static_cast<char>(c);
  }
  *dp = d;
  return i;
}

}  // namespace lc

#endif  // LC_COMMON_JSON_SCAN_H_
