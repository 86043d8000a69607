#include "common/base/rfc3339.h"

#include <cstring>

#include "common/base/digit_pairs.h"
#include "common/base/time_zone.h"

namespace lc {

namespace {

inline bool Digits(const char* p, int n, int* out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    unsigned d = static_cast<unsigned char>(p[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + static_cast<int>(d);
  }
  *out = v;
  return true;
}


void CivilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (*m <= 2));
}

}  // namespace

bool ParseRfc3339(const char* p, size_t n, int64_t* nanos) {
  // YYYY-MM-DDThh:mm:ss = 19 chars, then [.frac], then Z or ±hh:mm.
  if (n < 20) return false;
  int Y, M, D, h, mi, s;
  if (!Digits(p, 4, &Y) || p[4] != '-' || !Digits(p + 5, 2, &M) || p[7] != '-' ||
      !Digits(p + 8, 2, &D) || (p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
      !Digits(p + 11, 2, &h) || p[13] != ':' || !Digits(p + 14, 2, &mi) || p[16] != ':' ||
      !Digits(p + 17, 2, &s)) {
    return false;
  }
  if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || mi > 59 || s > 60) return false;
  size_t i = 19;
  int64_t frac = 0;
  if (p[i] == '.') {
    i++;
    int digits = 0;
    while (i < n && static_cast<unsigned>(p[i] - '0') <= 9) {
      if (digits < 9) { frac = frac * 10 + (p[i] - '0'); digits++; }
      i++;
    }
    if (digits == 0) return false;
    for (int k = digits; k < 9; k++) frac *= 10;
  }
  if (i >= n) return false;
  int64_t offset = 0;
  if (p[i] == 'Z' || p[i] == 'z') {
    i++;
  } else if (p[i] == '+' || p[i] == '-') {
    int oh, om;
    if (i + 6 > n || !Digits(p + i + 1, 2, &oh) || p[i + 3] != ':' || !Digits(p + i + 4, 2, &om)) {
      return false;
    }
    offset = (oh * 3600 + om * 60) * (p[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return false;
  }
  if (i != n) return false;
  int64_t secs = CivilDays(Y, M, D) * 86400 + h * 3600 + mi * 60 + s - offset;
  // Nanoseconds since 1970 fit in int64 from 1677 to 2262: a year outside
  // (a runtime log's "9926-...") is not a time we can hold, not an overflow.
  int64_t ns;
  if (__builtin_mul_overflow(secs, int64_t{1000000000}, &ns) || __builtin_add_overflow(ns, frac, &ns)) return false;
  *nanos = ns;
  return true;
}

void FormatRfc3339Nanos(int64_t nanos, char* out) {
  int64_t secs = nanos / 1000000000;
  int64_t frac = nanos % 1000000000;
  if (frac < 0) { frac += 1000000000; secs--; }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) { rem += 86400; days--; }
  int y; unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  auto put = [](char* o, int64_t v, int w) {
    for (int i = w - 1; i >= 0; i--) { o[i] = static_cast<char>('0' + v % 10); v /= 10; }
  };
  put(out, y, 4); out[4] = '-'; put(out + 5, m, 2); out[7] = '-'; put(out + 8, d, 2);
  out[10] = 'T'; put(out + 11, rem / 3600, 2); out[13] = ':'; put(out + 14, rem / 60 % 60, 2);
  out[16] = ':'; put(out + 17, rem % 60, 2); out[19] = '.'; put(out + 20, frac, 9); out[29] = 'Z';
}

void TimeFormatCache::Format(int64_t nanos, char* out) {
  int64_t sec = nanos / 1000000000;
  int64_t frac = nanos % 1000000000;
  if (frac < 0) {
    frac += 1000000000;
    sec--;
  }
  if (sec != sec_) {
    FormatRfc3339Nanos(nanos, text_);
    sec_ = sec;
  }
  memcpy(out, text_, 20);
  // Nine digits, two at a time.
  uint32_t f = static_cast<uint32_t>(frac);
  out[28] = static_cast<char>('0' + f % 10);
  f /= 10;
  for (int i = 26; i >= 20; i -= 2) {
    WriteTwoDigits(out + i, f % 100);
    f /= 100;
  }
  out[29] = 'Z';
}

namespace {

// The value of eight ASCII digits at p, eight at a time (SWAR); false if any
// is not a digit.
bool EightDigits(const char* p, uint32_t* v) {
  uint64_t x;
  memcpy(&x, p, 8);  // little-endian: p[0] is the low byte
  if ((((x & 0xF0F0F0F0F0F0F0F0) | (((x + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) !=
       0x3333333333333333)) {
    return false;
  }
  x = (x & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8;
  x = (x & 0x00FF00FF00FF00FF) * 6553601 >> 16;
  *v = static_cast<uint32_t>((x & 0x0000FFFF0000FFFF) * 42949672960001 >> 32);
  return true;
}

}  // namespace

bool TimeParseCache::Parse(const char* p, size_t n, int64_t* nanos) {
  if (!valid_ || n < 20 || memcmp(p, prefix_, 19) != 0) {
    // Parse the whole time once to learn the prefix's seconds.
    int64_t full;
    if (!ParseRfc3339(p, n, &full)) return false;
    // Seconds of the prefix alone, as UTC: re-parse "<prefix>Z".
    char z[20];
    memcpy(z, p, 19);
    z[19] = 'Z';
    if (!ParseRfc3339(z, 20, &prefix_nanos_)) return false;
    memcpy(prefix_, p, 19);
    valid_ = true;
    *nanos = full;
    return true;
  }
  // Same prefix: only the fraction and the zone are new.
  size_t i = 19;
  int64_t frac = 0;
  int digits = 0;
  uint32_t eight;
  if (i + 10 <= n && p[i] == '.' && EightDigits(p + i + 1, &eight) &&
      static_cast<unsigned>(p[i + 9] - '0') <= 9 &&
      (i + 10 == n || static_cast<unsigned>(p[i + 10] - '0') > 9)) {
    frac = int64_t{eight} * 10 + (p[i + 9] - '0');  // the usual nine digits
    i += 10;
  } else if (i < n && p[i] == '.') {
    i++;
    while (i < n && static_cast<unsigned>(p[i] - '0') <= 9) {
      if (digits < 9) {
        frac = frac * 10 + (p[i] - '0');
        digits++;
      }
      i++;
    }
    if (digits == 0) return false;
    for (int k = digits; k < 9; k++) frac *= 10;
  }
  // Near the ends of the range a sum can overflow: the full parser decides.
  int64_t sum;
  if (i + 1 == n && (p[i] == 'Z' || p[i] == 'z') && !__builtin_add_overflow(prefix_nanos_, frac, &sum)) {
    *nanos = sum;
    return true;
  }
  if (i + 6 == n && (p[i] == '+' || p[i] == '-') && p[i + 3] == ':') {
    int oh, om;
    if (Digits(p + i + 1, 2, &oh) && Digits(p + i + 4, 2, &om) && oh < 24 && om < 60) {
      int64_t off = (oh * 3600 + om * 60) * int64_t{1000000000};
      if (!__builtin_add_overflow(prefix_nanos_, frac, &sum) &&
          !__builtin_add_overflow(sum, p[i] == '-' ? off : -off, &sum)) {
        *nanos = sum;
        return true;
      }
    }
  }
  return ParseRfc3339(p, n, nanos);
}

std::string FormatRfc3339Nanos(int64_t nanos) {
  char buf[30];
  FormatRfc3339Nanos(nanos, buf);
  return std::string(buf, 30);
}

}  // namespace lc
