#include "common/json/json_validate.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lc {
namespace {

using Byte = unsigned char;

// One pass in one function, the position in a register: the recursive
// descent this replaces (a call per value, the position stored through
// `this` at every byte) cost lc-ship a fifth of its CPU.  Nesting is a bit
// stack (1 = array) instead of the call stack, so depth costs no frames.

// Byte classes for the few questions asked per byte outside string runs.
enum : uint8_t { kWs = 1, kHex = 2, kSimpleEscape = 4, kDigit = 8 };
struct ClassTable {
  uint8_t c[256] = {};
  constexpr ClassTable() {
    c[' '] = c['\t'] = c['\n'] = c['\r'] = kWs;
    for (int d = '0'; d <= '9'; d++) c[d] = kHex | kDigit;
    for (int h = 'a'; h <= 'f'; h++) c[h] |= kHex;
    for (int h = 'A'; h <= 'F'; h++) c[h] |= kHex;
    for (Byte e : {'"', '\\', '/', 'b', 'f', 'n', 'r', 't'}) c[e] |= kSimpleEscape;
  }
};
constexpr ClassTable kClass;

__attribute__((always_inline)) inline const Byte* SkipWs(const Byte* p, const Byte* end) {
  // Most calls skip nothing: a byte above ' ' is answered by one compare.
  while (p < end && *p <= ' ' && (kClass.c[*p] & kWs)) p++;
  return p;
}

__attribute__((always_inline)) inline const Byte* SkipDigits(const Byte* p, const Byte* end) {
  while (p < end && (kClass.c[*p] & kDigit)) p++;
  return p;
}

// The bytes that end a plain run inside a string: '"', '\\' and raw control
// bytes (< 0x20), found 16 at a time.  The mask of the last 16 bytes looked
// at is kept, so the strings, escapes and separators of a record that fall
// in the same 16 bytes cost no new load: a record is mostly looked at once,
// 16 bytes at a time, whatever its number of short strings and escapes.
class StopFinder {
 public:
  // [begin, end) is the text; it is at least 16 bytes long (IsJsonObject
  // pads shorter texts), so the last 16 bytes can always be loaded whole.
  StopFinder(const Byte* begin, const Byte* end) : end_(end), block_(begin), mask_(Mask(begin)) {}

  // The first stop byte at or after p, or end.  Positions asked about never
  // go backwards, so p is never before the block kept.
  __attribute__((always_inline)) const Byte* Next(const Byte* p) {
    for (;;) {
      size_t in = static_cast<size_t>(p - block_);
      if (in < 16) {
        unsigned m = mask_ & (~0u << in);
        if (m != 0) return block_ + __builtin_ctz(m);
        p = block_ + 16;
      }
      if (p >= end_) return end_;
      // The last block is loaded to end at end_, overlapping bytes already
      // seen (their bits are below p and so ignored).
      block_ = end_ - p >= 16 ? p : end_ - 16;
      mask_ = Mask(block_);
    }
  }

 private:
  static unsigned Mask(const Byte* p) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Unsigned c <= 0x1f: min(c, 0x1f) == c.
    __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
    __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
    __m128i bslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, bslash), ctl)));
#else
    unsigned m = 0;
    for (int i = 0; i < 16; i++) {
      if (p[i] == '"' || p[i] == '\\' || p[i] < 0x20) m |= 1u << i;
    }
    return m;
#endif
  }

  const Byte* const end_;
  const Byte* block_;  // the 16 bytes whose stops are in mask_
  unsigned mask_;
};

// From just past an opening quote to just past the closing one, or nullptr
// if the string breaks the grammar (a raw byte < 0x20, a bad escape, no
// end).
__attribute__((always_inline)) inline const Byte* String(const Byte* p, const Byte* end, StopFinder& stops) {
  for (;;) {
    p = stops.Next(p);
    if (p == end) return nullptr;
    if (*p == '"') return p + 1;
    if (*p != '\\') return nullptr;  // a control byte
    if (end - p < 2) return nullptr;
    if (kClass.c[p[1]] & kSimpleEscape) {
      p += 2;
    } else if (p[1] == 'u') {
      if (end - p < 6) return nullptr;
      if (!(kClass.c[p[2]] & kClass.c[p[3]] & kClass.c[p[4]] & kClass.c[p[5]] & kHex)) return nullptr;
      p += 6;
    } else {
      return nullptr;
    }
  }
}

// A number by the RFC 8259 grammar from p, or nullptr.
__attribute__((always_inline)) inline const Byte* Number(const Byte* p, const Byte* end) {
  if (*p == '-') p++;
  if (p == end) return nullptr;
  if (*p == '0') {
    p++;
  } else {
    const Byte* s = p;
    p = SkipDigits(p, end);
    if (p == s) return nullptr;
  }
  if (p < end && *p == '.') {
    const Byte* s = ++p;
    p = SkipDigits(p, end);
    if (p == s) return nullptr;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    const Byte* s = p;
    p = SkipDigits(p, end);
    if (p == s) return nullptr;
  }
  return p;
}

__attribute__((always_inline)) inline const Byte* Word(const Byte* p, const Byte* end, const char* w, size_t n) {
  if (static_cast<size_t>(end - p) < n || memcmp(p, w, n) != 0) return nullptr;
  return p + n;
}

bool Validate(const Byte* p, const Byte* const end) {
  StopFinder stops(p, end);
  // Bit d-1 says whether the container at depth d (1 = the outer object)
  // is an array.
  uint64_t is_array[(kMaxJsonDepth + 63) / 64] = {};
  int depth = 0;
  auto open = [&](bool array) {
    int i = depth++;
    uint64_t bit = uint64_t{1} << (i & 63);
    is_array[i >> 6] = array ? (is_array[i >> 6] | bit) : (is_array[i >> 6] & ~bit);
  };
  auto in_array = [&] { int i = depth - 1; return (is_array[i >> 6] >> (i & 63)) & 1; };

  p = SkipWs(p, end);
  if (p == end || *p != '{') return false;
  goto value;

object_key:  // at a member's key, after '{' or ','
  if (p == end || *p != '"') return false;
  p = String(p + 1, end, stops);
  if (p == nullptr) return false;
  // Records are mostly "key":"value" members with no space between: taken
  // without the general steps (one compare for each byte they would skip).
  if (end - p >= 2 && p[0] == ':' && p[1] == '"') {
    p = String(p + 2, end, stops);
    if (p == nullptr) return false;
    if (end - p >= 2 && p[0] == ',' && p[1] == '"') {
      p++;
      goto object_key;
    }
    goto after_value;
  }
  p = SkipWs(p, end);
  if (p == end || *p != ':') return false;
  p = SkipWs(p + 1, end);
  // Falls into value.

value:
  if (p == end) return false;
  switch (*p) {
    case '"':
      p = String(p + 1, end, stops);
      break;
    case '{':
      if (depth >= kMaxJsonDepth) return false;
      open(false);
      p = SkipWs(p + 1, end);
      if (p < end && *p == '}') {
        p++;
        depth--;
        break;
      }
      goto object_key;
    case '[':
      if (depth >= kMaxJsonDepth) return false;
      open(true);
      p = SkipWs(p + 1, end);
      if (p < end && *p == ']') {
        p++;
        depth--;
        break;
      }
      goto value;
    case 't': p = Word(p, end, "true", 4); break;
    case 'f': p = Word(p, end, "false", 5); break;
    case 'n': p = Word(p, end, "null", 4); break;
    default: p = Number(p, end); break;
  }
  if (p == nullptr) return false;

after_value:  // past a whole value: a separator, a close, or the end
  p = SkipWs(p, end);
  if (depth == 0) return p == end;
  if (p == end) return false;
  if (in_array()) {
    if (*p == ',') {
      p = SkipWs(p + 1, end);
      goto value;
    }
    if (*p != ']') return false;
  } else {
    if (*p == ',') {
      p = SkipWs(p + 1, end);
      goto object_key;
    }
    if (*p != '}') return false;
  }
  p++;
  depth--;
  goto after_value;
}

}  // namespace

bool IsJsonObject(std::string_view text) {
  const Byte* p = reinterpret_cast<const Byte*>(text.data());
  if (text.size() >= 16) return Validate(p, p + text.size());
  // Too short to load 16 bytes from: validated at the end of the first 16
  // bytes of a copy, the bytes before it never looked at (they are before
  // every position); the 16 after it are there for StopFinder's first
  // load, which starts at the text.
  Byte padded[32] = {};
  memcpy(padded + 16 - text.size(), p, text.size());
  return Validate(padded + 16 - text.size(), padded + 16);
}

}  // namespace lc
