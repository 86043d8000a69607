#include "common/parse/time_format.h"

namespace lc {

namespace {

constexpr int64_t kNs = 1000000000;
const char* const kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                               "july",    "august",   "september", "october", "november", "december"};
const char* const kDays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The reader of one value.
struct In {
  const char* p;
  size_t n, i = 0;
  bool at(char c) const { return i < n && p[i] == c; }
  bool digit() const { return i < n && IsDigit(p[i]); }
  // 1 to `max` digits.
  bool Num(int max, int64_t* v) {
    size_t b = i;
    *v = 0;
    while (i < n && i - b < static_cast<size_t>(max) && IsDigit(p[i])) *v = *v * 10 + (p[i++] - '0');
    return i > b;
  }
  // 1 to 9 digits as nanoseconds; more digits are refused (left unread).
  bool Frac(int64_t* ns) {
    int64_t v;
    size_t b = i;
    if (!Num(9, &v)) return false;
    for (size_t k = i - b; k < 9; k++) v *= 10;
    *ns = v;
    return true;
  }
  // One of `names`, full or its first three letters, any case: its index.
  bool Name(const char* const* names, int count, int* out) {
    for (int k = 0; k < count; k++) {
      size_t len = 0;
      while (names[k][len] != '\0' && i + len < n && Lower(p[i + len]) == names[k][len]) len++;
      if (names[k][len] == '\0' || len >= 3) {
        i += names[k][len] == '\0' ? len : 3;
        *out = k;
        return true;
      }
    }
    return false;
  }
  // Z, +hh, +hhmm, +hh:mm (seconds east).
  bool Offset(int64_t* off) {
    if (at('Z') || at('z')) {
      i++;
      *off = 0;
      return true;
    }
    if (!at('+') && !at('-')) return false;
    int64_t sign = p[i++] == '-' ? -1 : 1, h, m = 0;
    size_t b = i;
    if (!Num(2, &h) || i - b != 2 || h > 23) return false;
    if (at(':')) i++;
    if (digit()) {
      b = i;
      if (!Num(2, &m) || i - b != 2 || m > 59) return false;
    }
    *off = sign * (h * 3600 + m * 60);
    return true;
  }
  // [-+]digits[.digits] in units of `unit` ns.
  bool Epoch(int64_t unit, int64_t* ns) {
    bool neg = at('-');
    if (neg || at('+')) i++;
    int64_t whole = 0, frac = 0;
    size_t b = i;
    while (digit()) {
      if (whole > (INT64_MAX / unit - 9) / 10) return false;
      whole = whole * 10 + (p[i++] - '0');
    }
    if (i == b) return false;
    if (at('.')) {
      i++;
      int64_t scale = unit;
      size_t fb = i;
      while (digit()) {  // digits past a nanosecond are read and dropped
        scale /= 10;
        frac += (p[i++] - '0') * scale;
      }
      if (i == fb) return false;
    }
    *ns = (whole * unit + frac) * (neg ? -1 : 1);
    return true;
  }
};

}  // namespace

Status TimeFormat::Compile(const std::string& fmt, TimeFormat* out) {
  TimeFormat f;
  auto add = [&](Kind k, char c = 0) { f.ops_.push_back(Op{k, c}); };
  auto bad = [&](size_t at, const std::string& why) {
    return Status::InvalidArgument("'" + fmt + "': at offset " + std::to_string(at) + ": " + why);
  };
  if (fmt.empty()) return Status::InvalidArgument("'': an empty format");
  if (fmt == "rfc3339" || fmt == "iso8601") add(kRfc3339);
  if (fmt == "epoch") add(kEpochS);
  if (fmt == "epoch_ms") add(kEpochMs);
  if (fmt == "epoch_us") add(kEpochUs);
  if (fmt == "epoch_ns") add(kEpochNs);
  if (!f.ops_.empty()) {
    f.has_year_ = true;
    *out = std::move(f);
    return Status::OK();
  }
  for (size_t i = 0; i < fmt.size(); i++) {
    char c = fmt[i];
    if (c != '%') {
      IsSpace(c) ? add(kSpace) : add(kLit, c);
      continue;
    }
    if (i + 1 == fmt.size()) return bad(i, "'%' at the end (write %% for a '%')");
    switch (fmt[++i]) {
      case 'Y': add(kYear); f.has_year_ = true; break;
      case 'y': add(kYear2); f.has_year_ = true; break;
      case 'm': add(kMonth); break;
      case 'd': add(kDay); break;
      case 'e': add(kDaySp); break;
      case 'j': add(kYday); break;
      case 'H': add(kHour); break;
      case 'I': add(kHour12); break;
      case 'M': add(kMinute); break;
      case 'S': add(kSecond); break;
      case 'f': add(kFrac); break;
      case 'b': case 'B': case 'h': add(kMonthName); break;
      case 'a': case 'A': add(kDayName); break;
      case 'p': add(kAmPm); break;
      case 'z': add(kOffset); break;
      case 'Z': add(kZoneName); break;
      case 's': add(kEpoch); f.has_year_ = true; break;
      case 'T': add(kHour); add(kLit, ':'); add(kMinute); add(kLit, ':'); add(kSecond); break;
      case 'D': add(kMonth); add(kLit, '/'); add(kDay); add(kLit, '/'); add(kYear2); f.has_year_ = true; break;
      case 'F': add(kYear); add(kLit, '-'); add(kMonth); add(kLit, '-'); add(kDay); f.has_year_ = true; break;
      case 'R': add(kHour); add(kLit, ':'); add(kMinute); break;
      case '%': add(kLit, '%'); break;
      case 'n': case 't': add(kSpace); break;
      default: return bad(i - 1, std::string("unknown conversion %") + fmt[i]);
    }
  }
  // %S reads a fraction unless the format reads it itself.
  for (size_t k = 0; k < f.ops_.size(); k++) {
    if (f.ops_[k].kind == kSecond && k + 1 < f.ops_.size() && f.ops_[k + 1].kind == kLit) f.ops_[k].c = f.ops_[k + 1].c;
  }
  *out = std::move(f);
  return Status::OK();
}

bool TimeFormat::Parse(std::string_view value, const TimeZone& zone, int64_t ref, int64_t* ns,
                       const char** why) const {
  In in{value.data(), value.size()};
  int64_t year = 1970, month = 1, day = 1, yday = 0, hour = 0, minute = 0, sec = 0, nanos = 0, off = 0;
  bool has_off = false, has_md = false, twelve = false;
  int pm = -1;
  auto fail = [&](const char* w) {
    *why = w;
    return false;
  };
  for (const Op& op : ops_) {
    switch (op.kind) {
      case kLit:
        if (!in.at(op.c)) return fail("the value does not match the format");
        in.i++;
        break;
      case kSpace:
        while (in.i < in.n && IsSpace(in.p[in.i])) in.i++;
        break;
      case kYear: if (!in.Num(4, &year)) return fail("no year"); break;
      case kYear2:
        if (!in.Num(2, &year)) return fail("no year");
        year += year < 69 ? 2000 : 1900;
        break;
      case kMonth:
        if (!in.Num(2, &month) || month < 1 || month > 12) return fail("no month 1-12");
        has_md = true;
        break;
      case kDaySp:
        if (in.at(' ')) in.i++;
        [[fallthrough]];
      case kDay:
        if (!in.Num(2, &day) || day < 1 || day > 31) return fail("no day 1-31");
        has_md = true;
        break;
      case kYday:
        if (!in.Num(3, &yday) || yday < 1 || yday > 366) return fail("no day of the year 1-366");
        break;
      case kHour: if (!in.Num(2, &hour) || hour > 23) return fail("no hour 0-23"); break;
      case kHour12:
        if (!in.Num(2, &hour) || hour < 1 || hour > 12) return fail("no hour 1-12");
        twelve = true;
        break;
      case kMinute: if (!in.Num(2, &minute) || minute > 59) return fail("no minute 0-59"); break;
      case kSecond:
        if (!in.Num(2, &sec) || sec > 60) return fail("no second 0-60");
        if ((in.at('.') || in.at(',')) && in.p[in.i] != op.c && in.i + 1 < in.n && IsDigit(in.p[in.i + 1])) {
          in.i++;
          if (!in.Frac(&nanos)) return fail("no fraction");
        }
        break;
      case kFrac: if (!in.Frac(&nanos)) return fail("no fraction of a second (1-9 digits)"); break;
      case kMonthName: {
        int m;
        if (!in.Name(kMonths, 12, &m)) return fail("no month name");
        month = m + 1;
        has_md = true;
        break;
      }
      case kDayName: {
        int d;
        if (!in.Name(kDays, 7, &d)) return fail("no weekday name");
        break;
      }
      case kAmPm:
        if (in.i + 2 > in.n || Lower(in.p[in.i + 1]) != 'm' || (Lower(in.p[in.i]) != 'a' && Lower(in.p[in.i]) != 'p')) {
          return fail("no AM or PM");
        }
        pm = Lower(in.p[in.i]) == 'p';
        in.i += 2;
        break;
      case kOffset:
        if (!in.Offset(&off)) return fail("no offset (+hhmm, +hh:mm, +hh or Z)");
        has_off = true;
        break;
      case kZoneName: {
        size_t b = in.i;
        while (in.i < in.n && ((in.p[in.i] | 0x20) >= 'a' && (in.p[in.i] | 0x20) <= 'z')) in.i++;
        std::string_view z(in.p + b, in.i - b);
        auto eq = [&](const char* s) {
          size_t k = 0;
          for (; s[k] != '\0'; k++) {
            if (k >= z.size() || Lower(z[k]) != s[k]) return false;
          }
          return k == z.size();
        };
        if (!eq("utc") && !eq("gmt") && !eq("z")) return fail("zone name not UTC, GMT or Z");
        off = 0;
        has_off = true;
        break;
      }
      case kEpoch:
        if (!in.Epoch(kNs, ns)) return fail("no epoch seconds");
        has_off = true;  // a mark: the instant is known
        break;
      case kEpochS: case kEpochMs: case kEpochUs: case kEpochNs: {
        static const int64_t kUnit[] = {kNs, 1000000, 1000, 1};
        if (!in.Epoch(kUnit[op.kind - kEpochS], ns)) return fail("not a number");
        if (in.i != in.n) return fail("not a number");
        return true;
      }
      case kRfc3339: {
        int64_t b = in.i;
        if (!in.Num(4, &year) || in.i - b != 4 || !in.at('-')) return fail("not an RFC 3339 time");
        in.i++;
        b = in.i;
        if (!in.Num(2, &month) || in.i - b != 2 || month < 1 || month > 12 || !in.at('-')) return fail("not an RFC 3339 time");
        in.i++;
        b = in.i;
        if (!in.Num(2, &day) || in.i - b != 2 || day < 1 || day > 31) return fail("not an RFC 3339 time");
        has_md = true;
        if (in.i == in.n) break;
        if (!in.at('T') && !in.at('t') && !in.at(' ')) return fail("not an RFC 3339 time");
        in.i++;
        b = in.i;
        if (!in.Num(2, &hour) || in.i - b != 2 || hour > 23 || !in.at(':')) return fail("not an RFC 3339 time");
        in.i++;
        b = in.i;
        if (!in.Num(2, &minute) || in.i - b != 2 || minute > 59) return fail("not an RFC 3339 time");
        if (in.at(':')) {
          in.i++;
          b = in.i;
          if (!in.Num(2, &sec) || in.i - b != 2 || sec > 60) return fail("not an RFC 3339 time");
          if (in.at('.') || in.at(',')) {
            in.i++;
            if (!in.Frac(&nanos)) return fail("not an RFC 3339 time");
          }
        }
        if (in.i < in.n) {
          if (!in.Offset(&off)) return fail("not an RFC 3339 time");
          has_off = true;
        }
        break;
      }
    }
  }
  if (in.i != in.n) return fail("text after the time");
  for (const Op& op : ops_) {
    if (op.kind == kEpoch) return true;
  }
  if (twelve) hour = hour % 12 + (pm == 1 ? 12 : 0);
  int64_t ref_s = ref / kNs;
  if (!has_year_) year = CivilYear((ref_s + zone.OffsetAt(ref_s)) / 86400 - (ref_s < 0));
  for (int pass = 0; pass < 2; pass++) {
    int64_t days;
    if (yday > 0 && !has_md) {
      if (yday > 365 + IsLeapYear(year)) return fail("no such day of the year");
      days = CivilDays(year, 1, 1) + yday - 1;
    } else {
      if (day > DaysInMonth(year, static_cast<unsigned>(month))) return fail("no such day in that month");
      days = CivilDays(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    }
    int64_t local = days * 86400 + hour * 3600 + minute * 60 + sec;
    int64_t utc = has_off ? local - off : zone.LocalToUtc(local);
    if (utc < -9223372035 || utc > 9223372035) return fail("out of range");
    *ns = utc * kNs + nanos;
    // Without a year: the year of the read time, or the one before when
    // that puts it more than a day later (December's lines read in January).
    if (has_year_ || pass == 1 || *ns <= ref + 86400 * kNs) return true;
    year--;
  }
  return true;
}

}  // namespace lc
