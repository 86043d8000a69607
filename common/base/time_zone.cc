#include "common/base/time_zone.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace lc {

int64_t CivilDays(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t year, unsigned month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && IsLeapYear(year));
}

int CivilYear(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  return static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (mp >= 10));
}

namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

uint32_t Be32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
int64_t Be64(const unsigned char* p) {
  return static_cast<int64_t>((uint64_t{Be32(p)} << 32) | Be32(p + 4));
}

// [+-]h[h][:mm[:ss]] -> seconds (sign as written).
bool PosixTime(const std::string& s, size_t* i, int32_t* out) {
  int sign = 1;
  if (*i < s.size() && (s[*i] == '+' || s[*i] == '-')) sign = s[(*i)++] == '-' ? -1 : 1;
  int32_t v = 0;
  for (int part = 0; part < 3; part++) {
    if (part > 0) {
      if (*i >= s.size() || s[*i] != ':') break;
      ++*i;
    }
    int n = 0, digits = 0;
    while (*i < s.size() && std::isdigit(static_cast<unsigned char>(s[*i])) && digits < 3) {
      n = n * 10 + (s[(*i)++] - '0');
      digits++;
    }
    if (digits == 0) return false;
    v += n * (part == 0 ? 3600 : part == 1 ? 60 : 1);
  }
  *out = sign * v;
  return true;
}

bool PosixName(const std::string& s, size_t* i) {
  size_t b = *i;
  if (*i < s.size() && s[*i] == '<') {
    size_t e = s.find('>', *i);
    if (e == std::string::npos) return false;
    *i = e + 1;
    return true;
  }
  while (*i < s.size() && std::isalpha(static_cast<unsigned char>(s[*i]))) ++*i;
  return *i - b >= 3;
}

}  // namespace

bool TimeZone::ParseFixedOffset(const std::string& t, int32_t* seconds) {
  if (t == "UTC" || t == "GMT" || t == "Z" || t == "z") {
    *seconds = 0;
    return true;
  }
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return false;
  auto dig = [&](size_t k) { return k < t.size() && std::isdigit(static_cast<unsigned char>(t[k])); };
  if (!dig(1) || !dig(2)) return false;
  int h = (t[1] - '0') * 10 + (t[2] - '0'), m = 0;
  size_t k = 3;
  if (k < t.size() && t[k] == ':') {
    k++;
    if (k == t.size()) return false;  // "+08:"
  }
  if (k < t.size()) {
    if (!dig(k) || !dig(k + 1) || k + 2 != t.size()) return false;
    m = (t[k] - '0') * 10 + (t[k + 1] - '0');
  }
  if (h > 23 || m > 59) return false;
  *seconds = (t[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  return true;
}

Status TimeZone::Load(const std::string& name, TimeZone* out, const std::string& dir) {
  int32_t fixed;
  if (ParseFixedOffset(name, &fixed)) {
    *out = TimeZone();
    out->name_ = name;
    out->first_offset_ = fixed;
    return Status::OK();
  }
  bool ok = !name.empty() && name[0] != '/' && name.find("..") == std::string::npos;
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+');
  if (!ok) return Status::InvalidArgument("'" + name + "': not a time zone (an offset like +08:00, UTC, or a tz database name)");
  std::ifstream in(dir + "/" + name, std::ios::binary);
  if (!in) return Status::InvalidArgument("'" + name + "': unknown time zone (not in " + dir + ")");
  std::stringstream ss;
  ss << in.rdbuf();
  return FromTzif(ss.str(), name, out);
}

Status TimeZone::FromTzif(const std::string& bytes, const std::string& name, TimeZone* out) {
  auto bad = [&](const char* why) { return Status::Corruption("time zone '" + name + "': " + why); };
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  if (n < 44 || bytes.compare(0, 4, "TZif") != 0) return bad("not a TZif file");
  TimeZone z;
  z.name_ = name;
  size_t at = 0;
  int version = p[4] == 0 ? 1 : p[4] - '0';
  for (int pass = 0; pass < 2; pass++) {
    if (at + 44 > n || bytes.compare(at, 4, "TZif") != 0) return bad("bad header");
    uint32_t isut = Be32(p + at + 20), isstd = Be32(p + at + 24), leap = Be32(p + at + 28),
             timecnt = Be32(p + at + 32), typecnt = Be32(p + at + 36), charcnt = Be32(p + at + 40);
    size_t tsize = pass == 0 ? 4 : 8;
    size_t len = timecnt * tsize + timecnt + typecnt * 6 + charcnt + leap * (tsize + 4) + isstd + isut;
    at += 44;
    if (typecnt == 0 || timecnt > (1u << 20) || typecnt > 256 || at + len > n) return bad("truncated");
    if (pass == 0 && version >= 2) {  // skip the 32-bit data: the 64-bit section follows
      at += len;
      continue;
    }
    const unsigned char* times = p + at;
    const unsigned char* idx = times + timecnt * tsize;
    const unsigned char* types = idx + timecnt;
    auto offset_of = [&](unsigned t) { return static_cast<int32_t>(Be32(types + 6 * t)); };
    z.first_offset_ = offset_of(0);
    for (uint32_t i = 0; i < timecnt; i++) {
      if (idx[i] >= typecnt) return bad("bad type index");
      int64_t t = tsize == 8 ? Be64(times + 8 * i) : static_cast<int32_t>(Be32(times + 4 * i));
      if (!z.transitions_.empty() && t <= z.transitions_.back()) return bad("transitions out of order");
      z.transitions_.push_back(t);
      z.offsets_.push_back(offset_of(idx[i]));
    }
    at += len;
    break;
  }
  if (version >= 2 && at < n && p[at] == '\n') {
    size_t e = bytes.find('\n', at + 1);
    if (e == std::string::npos) return bad("footer not ended");
    std::string tz = bytes.substr(at + 1, e - at - 1);
    if (!tz.empty()) {
      if (Status s = z.ParsePosix(tz); !s.ok()) return bad(("footer '" + tz + "': " + s.message()).c_str());
    }
  }
  *out = std::move(z);
  return Status::OK();
}

Status TimeZone::ParsePosix(const std::string& s) {
  size_t i = 0;
  int32_t off;
  if (!PosixName(s, &i) || !PosixTime(s, &i, &off)) return Status::InvalidArgument("bad standard zone");
  std_offset_ = -off;  // POSIX offsets are west of Greenwich
  has_rule_ = true;
  if (i == s.size()) return Status::OK();
  if (!PosixName(s, &i)) return Status::InvalidArgument("bad DST zone");
  has_dst_ = true;
  dst_offset_ = std_offset_ + 3600;
  if (i < s.size() && s[i] != ',') {
    if (!PosixTime(s, &i, &off)) return Status::InvalidArgument("bad DST offset");
    dst_offset_ = -off;
  }
  std::string rules = i < s.size() ? s.substr(i) : ",M3.2.0,M11.1.0";
  size_t j = 0;
  for (Rule* r : {&start_, &end_}) {
    if (j >= rules.size() || rules[j] != ',') return Status::InvalidArgument("bad rule");
    j++;
    auto num = [&](int* v) {
      size_t b = j;
      *v = 0;
      while (j < rules.size() && std::isdigit(static_cast<unsigned char>(rules[j]))) *v = *v * 10 + (rules[j++] - '0');
      return j > b && j - b <= 3;
    };
    if (j < rules.size() && rules[j] == 'M') {
      j++;
      r->kind = 'M';
      if (!num(&r->month) || j >= rules.size() || rules[j++] != '.' || !num(&r->week) || j >= rules.size() ||
          rules[j++] != '.' || !num(&r->day) || r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 ||
          r->day > 6) {
        return Status::InvalidArgument("bad M rule");
      }
    } else if (j < rules.size() && rules[j] == 'J') {
      j++;
      r->kind = 'J';
      if (!num(&r->day) || r->day < 1 || r->day > 365) return Status::InvalidArgument("bad J rule");
    } else {
      r->kind = 'n';
      if (!num(&r->day) || r->day > 365) return Status::InvalidArgument("bad rule");
    }
    r->time = 7200;
    if (j < rules.size() && rules[j] == '/') {
      j++;
      if (!PosixTime(rules, &j, &r->time)) return Status::InvalidArgument("bad rule time");
    }
  }
  if (j != rules.size()) return Status::InvalidArgument("trailing text");
  return Status::OK();
}

int64_t TimeZone::RuleLocal(const Rule& r, int year) {
  int64_t day;
  if (r.kind == 'M') {
    int64_t first = CivilDays(year, r.month, 1);
    int wd = static_cast<int>(((first + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
    int d = 1 + (r.day - wd + 7) % 7 + (r.week - 1) * 7;
    int dim = DaysInMonth(year, r.month);
    while (d > dim) d -= 7;
    day = first + d - 1;
  } else if (r.kind == 'J') {
    day = CivilDays(year, 1, 1) + r.day - 1 + (IsLeapYear(year) && r.day >= 60);
  } else {
    day = CivilDays(year, 1, 1) + r.day;
  }
  return day * 86400 + r.time;
}

int32_t TimeZone::RuleOffsetAt(int64_t utc) const {
  if (!has_dst_) return std_offset_;
  int year = CivilYear(FloorDiv(utc + std_offset_, 86400));
  int64_t s = RuleLocal(start_, year) - std_offset_;
  int64_t e = RuleLocal(end_, year) - dst_offset_;
  bool dst = s < e ? (utc >= s && utc < e) : !(utc >= e && utc < s);
  return dst ? dst_offset_ : std_offset_;
}

int32_t TimeZone::OffsetAt(int64_t utc) const {
  if (transitions_.empty()) return has_rule_ ? RuleOffsetAt(utc) : first_offset_;
  if (utc < transitions_.front()) return first_offset_;
  if (has_rule_ && utc >= transitions_.back()) return RuleOffsetAt(utc);
  size_t i = std::upper_bound(transitions_.begin(), transitions_.end(), utc) - transitions_.begin() - 1;
  return offsets_[i];
}

int64_t TimeZone::LocalToUtc(int64_t local) const {
  if (fixed()) return local - first_offset_;
  // The offsets around `local` (no zone changes twice within 25 hours):
  // before, at, after; a candidate is right if it is the offset in effect
  // at the instant it gives.
  const int64_t kAround = 25 * 3600;
  int32_t before = OffsetAt(local - kAround), after = OffsetAt(local + kAround);
  bool before_ok = OffsetAt(local - before) == before, after_ok = OffsetAt(local - after) == after;
  if (before_ok && after_ok) return local - std::max(before, after);  // overlap: the earlier instant
  if (before_ok) return local - before;
  if (after_ok) return local - after;
  return local - before;  // gap: the offset before it
}

}  // namespace lc
