#include "common/json/json_escape.h"

#include <cstdint>
#include <cstring>

#include "common/json/json_scan.h"

namespace lc {

char* EscapeJson(char* d, const char* p, size_t n, bool* valid) {
  static const char kHex[] = "0123456789abcdef";
  const unsigned char* s = reinterpret_cast<const unsigned char*>(p);
  size_t i = 0;
  // The room of six bytes per input byte covers CopyJsonRun's over-store: it
  // stores a step of 16 (or 8) only while that many input bytes remain, and
  // they alone are given six times as much.
  for (;;) {
    i = CopyJsonRun<true>(p, i, n, &d);
    if (i >= n) break;
    unsigned char c = s[i];
    if (c >= 0x80) {
      size_t len = Utf8SequenceLength(s + i, n - i);
      if (len != 0) {
        for (size_t k = 0; k < len; k++) d[k] = p[i + k];
        d += len;
        i += len;
        continue;
      }
    }
    switch (c) {  // CopyJsonRun escaped '"' and '\\' itself
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
          *valid = false;
        }
    }
    i++;
  }
  return d;
}

bool AppendJsonEscaped(std::string* out, const char* p, size_t n) {
  // Escaped through a stack buffer a chunk at a time: growing the string by
  // the worst case would zero-fill six times the input first.  A chunk never
  // ends inside a sequence its lead byte announces (the cut moves back before
  // that lead byte), so every lead byte sees the bytes it would see in the
  // whole, and the result is that of escaping the whole at once, for invalid
  // UTF-8 too.  (Counting continuation bytes back from the cut instead split
  // a valid sequence followed by a stray continuation byte.)
  constexpr size_t kChunk = 4096;
  char tmp[kJsonEscapeExpansion * kChunk];
  bool valid = true;
  while (n > 0) {
    size_t c = n;
    if (c > kChunk) {
      c = kChunk;
      for (size_t k = 1; k <= 3; k++) {
        unsigned char b = static_cast<unsigned char>(p[c - k]);
        if ((b & 0xC0) == 0x80) continue;
        size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        if (len > k) c -= k;
        break;
      }
    }
    char* e = EscapeJson(tmp, p, c, &valid);
    out->append(tmp, static_cast<size_t>(e - tmp));
    p += c;
    n -= c;
  }
  return valid;
}

char* WriteBase64(char* d, const char* p, size_t n) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char* s = reinterpret_cast<const unsigned char*>(p);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t{s[i]} << 16) | (uint32_t{s[i + 1]} << 8) | s[i + 2];
    d[0] = kAlphabet[v >> 18];
    d[1] = kAlphabet[(v >> 12) & 63];
    d[2] = kAlphabet[(v >> 6) & 63];
    d[3] = kAlphabet[v & 63];
    d += 4;
  }
  if (i < n) {
    uint32_t v = uint32_t{s[i]} << 16;
    if (i + 1 < n) v |= uint32_t{s[i + 1]} << 8;
    d[0] = kAlphabet[v >> 18];
    d[1] = kAlphabet[(v >> 12) & 63];
    d[2] = i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=';
    d[3] = '=';
    d += 4;
  }
  return d;
}

void AppendBase64(std::string* out, const char* p, size_t n) {
  size_t base = out->size();
  out->resize(base + (n + 2) / 3 * 4);
  WriteBase64(&(*out)[base], p, n);
}

}  // namespace lc
