#include "common/listen/syslog_parser.h"

#include <cstring>

#include "common/base/rfc3339.h"
#include "common/base/time_zone.h"

namespace lc {
namespace {

constexpr int64_t kNanos = 1'000'000'000;

int64_t YearOf(int64_t nanos) {
  int64_t days = nanos / kNanos / 86400;
  if (nanos < 0 && nanos % (kNanos * 86400) != 0) days--;
  return CivilYear(days);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int Digit2(const char* p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

// "Mmm dd hh:mm:ss" (dd may be " d") at p; the seconds of the day and the
// month and day.  False if it is not one.
bool ParseBsdTimestamp(const char* p, int* month, int* day, int* secs) {
  static const char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  int m = -1;
  for (int i = 0; i < 12; i++) {
    if (memcmp(p, kMonths + 3 * i, 3) == 0) m = i + 1;
  }
  if (m < 0 || p[3] != ' ') return false;
  int d;
  if (p[4] == ' ' && IsDigit(p[5])) {
    d = p[5] - '0';
  } else if (IsDigit(p[4]) && IsDigit(p[5])) {
    d = Digit2(p + 4);
  } else {
    return false;
  }
  if (d < 1 || d > 31 || p[6] != ' ') return false;
  const char* t = p + 7;
  if (!IsDigit(t[0]) || !IsDigit(t[1]) || t[2] != ':' || !IsDigit(t[3]) || !IsDigit(t[4]) || t[5] != ':' ||
      !IsDigit(t[6]) || !IsDigit(t[7])) {
    return false;
  }
  int h = Digit2(t), mi = Digit2(t + 3), s = Digit2(t + 6);
  if (h > 23 || mi > 59 || s > 60) return false;
  *month = m;
  *day = d;
  *secs = h * 3600 + mi * 60 + s;
  return true;
}

// The time of month/day/secs in the year (of three) that puts it nearest to now.
int64_t NearestYear(int month, int day, int secs, int64_t now) {
  int64_t y = YearOf(now), best = 0, best_gap = -1;
  for (int64_t cand = y - 1; cand <= y + 1; cand++) {
    int64_t t = (CivilDays(cand, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + secs) * kNanos;
    int64_t gap = t > now ? t - now : now - t;
    if (best_gap < 0 || gap < best_gap) {
      best = t;
      best_gap = gap;
    }
  }
  return best;
}

// The word at s[i..] up to the next space (or the end); i is left on the space.
std::string_view Word(std::string_view s, size_t* i) {
  size_t start = *i;
  size_t sp = s.find(' ', start);
  if (sp == std::string_view::npos) sp = s.size();
  *i = sp;
  return s.substr(start, sp - start);
}

std::string_view Nil(std::string_view w) { return w == "-" ? std::string_view() : w; }

// RFC 5424 STRUCTURED-DATA at s[*i..] (not "-"); *i left past it.
bool ScanStructuredData(std::string_view s, size_t* i) {
  size_t p = *i;
  if (p >= s.size() || s[p] != '[') return false;
  while (p < s.size() && s[p] == '[') {
    p++;
    // SD-ID and PARAM-NAMEs: 1..32 printable characters but '=', ' ', ']', '"'.
    auto name = [&]() {
      size_t start = p;
      while (p < s.size() && s[p] > ' ' && s[p] < 127 && s[p] != '=' && s[p] != ']' && s[p] != '"') p++;
      return p > start && p - start <= 32;
    };
    if (!name()) return false;
    while (p < s.size() && s[p] == ' ') {
      p++;
      if (!name()) return false;
      if (p + 1 >= s.size() || s[p] != '=' || s[p + 1] != '"') return false;
      p += 2;
      while (p < s.size() && s[p] != '"') {
        if (s[p] == '\\' && p + 1 < s.size()) p++;
        p++;
      }
      if (p >= s.size()) return false;
      p++;  // the closing quote
    }
    if (p >= s.size() || s[p] != ']') return false;
    p++;
  }
  *i = p;
  return true;
}

bool Fail(SyslogMessage* out, const char* why) {
  out->error = why;
  return false;
}

bool Parse5424(std::string_view s, size_t i, SyslogMessage* out) {
  out->version = 1;
  std::string_view ts = Word(s, &i);
  if (ts.empty()) return Fail(out, "RFC 5424: no TIMESTAMP");
  if (ts != "-") {
    if (!ParseRfc3339(ts.data(), ts.size(), &out->time_nanos)) return Fail(out, "RFC 5424: TIMESTAMP is not RFC 3339");
    out->has_time = true;
  }
  std::string_view* parts[] = {&out->host, &out->app_name, &out->proc_id, &out->msg_id};
  static const char* const kMissing[] = {"RFC 5424: no HOSTNAME", "RFC 5424: no APP-NAME", "RFC 5424: no PROCID",
                                         "RFC 5424: no MSGID"};
  for (int k = 0; k < 4; k++) {
    if (i >= s.size() || s[i] != ' ') return Fail(out, kMissing[k]);
    i++;
    std::string_view w = Word(s, &i);
    if (w.empty()) return Fail(out, kMissing[k]);
    *parts[k] = Nil(w);
  }
  if (i >= s.size() || s[i] != ' ') return Fail(out, "RFC 5424: no STRUCTURED-DATA");
  i++;
  if (i < s.size() && s[i] == '-') {
    i++;
  } else {
    size_t start = i;
    if (!ScanStructuredData(s, &i)) return Fail(out, "RFC 5424: malformed STRUCTURED-DATA");
    out->structured_data = s.substr(start, i - start);
  }
  if (i < s.size()) {
    if (s[i] != ' ') return Fail(out, "RFC 5424: no space after STRUCTURED-DATA");
    i++;
  }
  std::string_view msg = s.substr(i);
  if (msg.size() >= 3 && memcmp(msg.data(), "\xEF\xBB\xBF", 3) == 0) msg.remove_prefix(3);
  out->msg = msg;
  return true;
}

void Parse3164(std::string_view s, size_t i, int64_t now, SyslogMessage* out) {
  int month, day, secs;
  if (s.size() - i >= 16 && ParseBsdTimestamp(s.data() + i, &month, &day, &secs) && s[i + 15] == ' ') {
    out->time_nanos = NearestYear(month, day, secs, now);
    out->has_time = true;
    i += 16;
  } else {
    size_t j = i;
    std::string_view w = Word(s, &j);
    if (j < s.size() && w.size() >= 20 && IsDigit(w[0]) && ParseRfc3339(w.data(), w.size(), &out->time_nanos)) {
      out->has_time = true;
      i = j + 1;
    } else {
      out->msg = s.substr(i);  // no TIMESTAMP: all of it is MSG
      return;
    }
  }
  size_t j = i;
  std::string_view w = Word(s, &j);
  bool is_tag = !w.empty() && (w.back() == ':' || w.find('[') != std::string_view::npos);
  if (!is_tag && j < s.size()) {
    out->host = w;
    i = j + 1;
  }
  // TAG: up to ':', '[' or a space.
  size_t k = i;
  while (k < s.size() && s[k] != ':' && s[k] != '[' && s[k] != ' ') k++;
  if (k < s.size() && k > i && s[k] == '[') {
    size_t close = s.find(']', k);
    if (close != std::string_view::npos && s.find(' ', k) > close) {
      out->app_name = s.substr(i, k - i);
      out->proc_id = s.substr(k + 1, close - k - 1);
      i = close + 1;
      if (i < s.size() && s[i] == ':') i++;
      if (i < s.size() && s[i] == ' ') i++;
    }
  } else if (k < s.size() && k > i && s[k] == ':') {
    out->app_name = s.substr(i, k - i);
    i = k + 1;
    if (i < s.size() && s[i] == ' ') i++;
  }
  out->msg = s.substr(i);
}

}  // namespace

bool ParseSyslog(std::string_view s, int64_t now, SyslogMessage* out) {
  *out = SyslogMessage();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == '\0')) s.remove_suffix(1);
  out->msg = s;
  if (s.empty() || s[0] != '<') return Fail(out, "no <PRI> at the start");
  size_t i = 1;
  int pri = 0;
  while (i < s.size() && i <= 3 && IsDigit(s[i])) pri = pri * 10 + (s[i++] - '0');
  if (i == 1 || i >= s.size() || s[i] != '>') return Fail(out, "no <PRI> at the start");
  if (pri > 191) return Fail(out, "<PRI> over 191");
  out->facility = pri >> 3;
  out->severity = pri & 7;
  i++;
  // "<PRI>VERSION SP" is RFC 5424; an RFC 3164 TIMESTAMP never starts with a digit and a space.
  size_t v = i;
  while (v < s.size() && v - i < 3 && IsDigit(s[v])) v++;
  if (v > i && v < s.size() && s[v] == ' ') {
    if (v - i != 1 || s[i] != '1') {
      out->version = 0;
      return Fail(out, "syslog VERSION other than 1");
    }
    if (Parse5424(s, v + 1, out)) return true;
    SyslogMessage failed;
    failed.facility = out->facility;
    failed.severity = out->severity;
    failed.version = 1;
    failed.msg = s;
    failed.error = out->error;
    *out = failed;
    return false;
  }
  Parse3164(s, i, now, out);
  return true;
}

}  // namespace lc
