// DigitPairs: decimal digits written two at a time, for the numbers on the
// record path (cursor offsets, the nine fractional digits of a time), where
// one division by 100 per pair costs half of one by 10 per digit.
#ifndef LC_COMMON_DIGIT_PAIRS_H_
#define LC_COMMON_DIGIT_PAIRS_H_

#include <cstring>

namespace lc {

// Writes the two digits of `v` (0..99) at `d`.
inline void WriteTwoDigits(char* d, unsigned v) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  memcpy(d, kPairs + v * 2, 2);
}

}  // namespace lc

#endif  // LC_COMMON_DIGIT_PAIRS_H_
