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

// The strings of a text, found 64 bytes at a time in the style of
// simdjson's first stage: for each block, bitmasks of its quotes and
// backslashes; the quotes escaped by an odd run of backslashes are taken
// out, so a string's end is the next quote left, whatever the escapes
// inside (an access log's body has a dozen \" escapes, each of which cost a
// stop of the 16-byte finder this replaces).  The rest of the string rules
// are checked a block at a time:
//  - every escaped byte other than '"' and '\\' is looked at when its block
//    is scanned, in or out of strings (a backslash outside a string makes
//    the text no object anyway);
//  - raw control bytes (< 0x20) are rare in a record: a block is tested for
//    any at one compare, and only a block with one has their mask, which
//    CloseQuote checks against each string's span.
// The grammar outside strings is Validate's: it looks at every byte there,
// so a quote or backslash where the grammar has none is refused by it; the
// finder is asked only where a string starts.
class QuoteFinder {
 public:
  // [begin, end) is the text, not empty; the 64 bytes before `end` can be
  // loaded (it is at least 64 bytes long, or a padded copy: IsJsonObject).
  QuoteFinder(const Byte* begin, const Byte* end) : end_(end), block_(begin) {
    if (!Scan()) quotes_ = 0, failed_ = true;
  }

  // From just past an opening quote at p to just past its closing quote, or
  // nullptr if the string does not end, holds a raw control byte, or a
  // block scanned so far holds a bad escape.  Positions asked about never
  // go backwards.
  __attribute__((always_inline)) const Byte* CloseQuote(const Byte* p) {
    for (;;) {
      size_t in = static_cast<size_t>(p - block_);
      uint64_t m = quotes_ >> (in & 63);
      if (__builtin_expect(in < plain_, 1)) {  // the common case
        if (m != 0) return p + __builtin_ctzll(m) + 1;
      } else if (in >= 64) {  // past the block: no string in it
        if (!Next()) return nullptr;
        continue;
      } else {
        // A control byte before the quote (which is none), or the end?
        if ((controls_ >> in) & (m ^ (m - 1))) return nullptr;
        if (m != 0) return p + __builtin_ctzll(m) + 1;
      }
      if (!Next()) return nullptr;
      p = block_;
    }
  }

 private:
  static constexpr uint64_t kOddBits = 0xaaaaaaaaaaaaaaaaull;

  // Moves to the next block; false when the text has no more or the block
  // holds a bad escape (or one did before).
  bool Next() {
    if (failed_ || end_ - block_ <= 64) return false;
    block_ += 64;
    if (Scan()) return true;
    failed_ = true;
    return false;
  }

  // Sets the masks of the block at block_; false if it holds a bad escape.
  bool Scan() {
    // The last block is loaded to end at end_, over bytes already scanned;
    // their bits are shifted out, so bit i is always block_[i], and the
    // bits past the text are 0.
    size_t left = static_cast<size_t>(end_ - block_);
    unsigned shift = left >= 64 ? 0 : static_cast<unsigned>(64 - left);
    uint64_t quotes, backslashes;
    Classify(left >= 64 ? block_ : end_ - 64, &quotes, &backslashes, &controls_);
    quotes >>= shift;
    backslashes >>= shift;
    controls_ >>= shift;
    plain_ = controls_ == 0 ? 64 : 0;
    if ((backslashes | carry_) == 0) {
      quotes_ = quotes;
      return true;
    }
    // The bytes escaped by a backslash (simdjson's odd-run trick): a run's
    // bytes alternate escape, escaped from where the run starts, and a
    // subtraction carries each start's parity along its run.  A run that
    // ends the block escapes the next block's first byte (carry_).
    uint64_t starts = backslashes & ~carry_;
    uint64_t codes = (((starts << 1) | kOddBits) - starts) ^ kOddBits;
    uint64_t escaped = codes ^ (backslashes | carry_);
    carry_ = (codes & backslashes) >> 63;
    quotes_ = quotes & ~escaped;
    // \" and \\ need no look; any other escape must be a simple one or \u
    // and four hex digits.  An escaped byte past the text (the text ends
    // in a backslash) is refused.
    for (uint64_t odd = escaped & ~(quotes | backslashes); odd != 0; odd &= odd - 1) {
      size_t at = __builtin_ctzll(odd);
      if (at >= left) return false;
      const Byte* e = block_ + at;
      if (kClass.c[*e] & kSimpleEscape) continue;
      if (*e != 'u' || left - at < 5) return false;
      if (!(kClass.c[e[1]] & kClass.c[e[2]] & kClass.c[e[3]] & kClass.c[e[4]] & kHex)) return false;
    }
    return true;
  }

  // The masks of '"', '\\' and bytes < 0x20 among the 64 bytes at p (bit i
  // for p[i]).
  static void Classify(const Byte* p, uint64_t* quotes, uint64_t* backslashes, uint64_t* controls) {
#if defined(__SSE2__)
    const __m128i* v = reinterpret_cast<const __m128i*>(p);
    __m128i v0 = _mm_loadu_si128(v), v1 = _mm_loadu_si128(v + 1);
    __m128i v2 = _mm_loadu_si128(v + 2), v3 = _mm_loadu_si128(v + 3);
    *quotes = Mask64(Equal(v0, '"'), Equal(v1, '"'), Equal(v2, '"'), Equal(v3, '"'));
    *backslashes = Mask64(Equal(v0, '\\'), Equal(v1, '\\'), Equal(v2, '\\'), Equal(v3, '\\'));
    // Asked first of the bytewise minimum of the four: a block without a
    // control byte costs one test.
    __m128i least = _mm_min_epu8(_mm_min_epu8(v0, v1), _mm_min_epu8(v2, v3));
    *controls = 0;
    if (__builtin_expect(_mm_movemask_epi8(Control(least)) != 0, 0)) {
      *controls = Mask64(Control(v0), Control(v1), Control(v2), Control(v3));
    }
#else
    *quotes = *backslashes = *controls = 0;
    for (int i = 0; i < 64; i++) {
      *quotes |= uint64_t{p[i] == '"'} << i;
      *backslashes |= uint64_t{p[i] == '\\'} << i;
      *controls |= uint64_t{p[i] < 0x20} << i;
    }
#endif
  }

#if defined(__SSE2__)
  static __m128i Equal(__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }
  // Unsigned c <= 0x1f: min(c, 0x1f) == c.
  static __m128i Control(__m128i v) { return _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v); }
  static uint64_t Mask64(__m128i m0, __m128i m1, __m128i m2, __m128i m3) {
    auto bits = [](__m128i m) { return uint64_t{static_cast<uint32_t>(_mm_movemask_epi8(m))}; };
    return bits(m0) | bits(m1) << 16 | bits(m2) << 32 | bits(m3) << 48;
  }
#endif

  const Byte* const end_;
  const Byte* block_;      // the 64 bytes (fewer at the end) of the masks
  uint64_t quotes_ = 0;    // its quotes that are not escaped
  uint64_t controls_ = 0;  // its bytes < 0x20
  size_t plain_ = 0;       // 64 if it has none, else 0: CloseQuote's fast limit
  uint64_t carry_ = 0;     // 1 when its last byte escapes the next block's first
  bool failed_ = false;    // a bad escape was found: no string ends
};

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

// The two bytes at p as one number, to compare them at once.
__attribute__((always_inline)) inline uint16_t TwoBytes(const void* p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}

bool Validate(const Byte* const begin, const Byte* const end) {
  const Byte* p = SkipWs(begin, end);
  if (p == end || *p != '{') return false;
  QuoteFinder quotes(begin, end);  // the text is not empty
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
  goto value;

object_key:  // at a member's key, after '{' or ','
  if (p == end || *p != '"') return false;
key:  // at a key's opening quote
  p = quotes.CloseQuote(p + 1);
  if (p == nullptr) return false;
  // Records are mostly "key":"value" members with no space between: taken
  // without the general steps (one compare for both bytes they would skip).
  if (end - p >= 2 && TwoBytes(p) == TwoBytes(":\"")) {
    p = quotes.CloseQuote(p + 2);
    if (p == nullptr) return false;
    if (end - p >= 2 && TwoBytes(p) == TwoBytes(",\"")) {
      p++;
      goto key;
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
      p = quotes.CloseQuote(p + 1);
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
  if (text.size() >= 64) return Validate(p, p + text.size());
  // Too short to load 64 bytes from: validated at the end of a copy, for
  // QuoteFinder's load of the 64 bytes before the end (those before the
  // text are never looked at: their bits are shifted out).
  Byte padded[64] = {};
  memcpy(padded + 64 - text.size(), p, text.size());
  return Validate(padded + 64 - text.size(), padded + 64);
}

}  // namespace lc
