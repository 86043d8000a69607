#include "common/json/json_unescape.h"

#include "common/json/json_scan.h"


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

char* WriteUtf8(char* d, unsigned cp) {
  if (cp < 0x80) {
    *d++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *d++ = static_cast<char>(0xC0 | (cp >> 6));
    *d++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *d++ = static_cast<char>(0xE0 | (cp >> 12));
    *d++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *d++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *d++ = static_cast<char>(0xF0 | (cp >> 18));
    *d++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *d++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *d++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return d;
}

}  // namespace

size_t UnescapeJsonString(const char* p, size_t n, std::string* out) {
  // Unescaped text is never longer than its escaped form (\uXXXX is six
  // bytes for at most three), so n bytes and the 16 of an over-store are
  // all the room it needs; written through a pointer, sized once at the end.
  out->resize(n + 16);
  char* const base = &(*out)[0];
  char* d = base;
  size_t i = 0, end = 0;
  while (i < n) {
    i = CopyJsonRun<false>(p, i, n, &d);
    if (i >= n) break;
    if (p[i] == '"') {
      end = i + 1;
      break;
    }
    if (i + 1 >= n) break;
    char e = p[i + 1];
    i += 2;
    switch (e) {
      case '"': *d++ = '"'; continue;
      case '\\': *d++ = '\\'; continue;
      case '/': *d++ = '/'; continue;
      case 'n': *d++ = '\n'; continue;
      case 't': *d++ = '\t'; continue;
      case 'r': *d++ = '\r'; continue;
      case 'b': *d++ = '\b'; continue;
      case 'f': *d++ = '\f'; continue;
      case 'u': {
        unsigned cp;
        if (i + 4 > n || !Hex4(p + i, &cp)) break;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= n && p[i] == '\\' && p[i + 1] == 'u') {
          unsigned lo;
          if (Hex4(p + i + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;  // a lone surrogate
        d = WriteUtf8(d, cp);
        continue;
      }
      default:
        break;
    }
    break;  // a bad escape
  }
  out->resize(static_cast<size_t>(d - base));
  return end;
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
