#include "common/parse/access_log_line_parser.h"

#include <cstring>

namespace lc {

namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }

// The first `stop` at or after `from` (before `end`), or npos; *plain is
// how many bytes from `from` on need no JSON escaping (at most up to the
// stop).  Apache: a stop byte after an odd number of backslashes is
// escaped, not a stop (and the backslash before it ends *plain there).
size_t FindStop(std::string_view s, size_t from, size_t end, char stop, bool apache, size_t* plain) {
  size_t at = from + FindByteNotingPlain(s.data() + from, end - from, stop, plain);
  while (at < end) {
    if (!apache) return at;
    size_t slashes = 0;
    while (at - slashes > 0 && s[at - slashes - 1] == '\\') slashes++;
    if (slashes % 2 == 0) return at;
    size_t ignored;
    at = at + 1 + FindByteNotingPlain(s.data() + at + 1, end - at - 1, stop, &ignored);
  }
  return std::string_view::npos;
}

// memcmp for the short literals of a format, without the call.
bool Same(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// How an error shows a literal: itself, cut short if long.
std::string Shown(const std::string& lit) { return lit.size() <= 16 ? lit : lit.substr(0, 16) + "..."; }

}  // namespace

bool IsPlainNumber(std::string_view v) {
  size_t i = 0, n = v.size();
  if (i < n && v[i] == '-') i++;
  if (i >= n || !Digit(v[i])) return false;
  if (v[i] == '0') {
    i++;
  } else {
    while (i < n && Digit(v[i])) i++;
  }
  if (i < n && v[i] == '.') {
    size_t d = ++i;
    while (i < n && Digit(v[i])) i++;
    if (i == d) return false;
  }
  return i == n;
}

inline void AccessLogLineParser::Emit(const AccessLogFormat::Item& item, FieldWriter::NameIs name_is,
                                      std::string_view v, size_t plain, FieldWriter* out) const {
  if (v.size() == 1 && v[0] == '-') return;  // absent
  if (item.numeric && IsPlainNumber(v)) {
    out->AddJson(item.name, false, v, false);
    return;
  }
  out->AddString(item.name, v, name_is, plain);
  if (item.split) EmitRequestParts(v, plain, out);
}

void AccessLogLineParser::EmitRequestParts(std::string_view v, size_t plain, FieldWriter* out) const {
  size_t a = v.find(' ');
  if (a == std::string_view::npos || a == 0) return;
  size_t b = v.find(' ', a + 1);
  if (b == std::string_view::npos || b == a + 1 || b + 1 >= v.size() || v.find(' ', b + 1) != std::string_view::npos) {
    return;  // not "METHOD URI PROTOCOL": request alone
  }
  // The parts of a plain request are plain; others are scanned again.
  constexpr FieldWriter::NameIs kPlain = FieldWriter::NameIs::kPlain;
  auto add = [&](std::string_view name, std::string_view part) {
    if (plain == v.size()) {
      out->AddString(name, part, kPlain, part.size());
    } else {
      out->AddString(name, part, kPlain);
    }
  };
  add("request_method", v.substr(0, a));
  add("request_uri", v.substr(a + 1, b - a - 1));
  add("server_protocol", v.substr(b + 1));
}

bool AccessLogLineParser::Parse(std::string_view s, FieldWriter* out, std::string* why) {
  size_t n = s.size(), pos = 0;
  if (n > 0 && s[n - 1] == '\r') n--;  // CRLF files
  const bool apache = fmt_.dialect == AccessLogFormat::kApache;
  const char* dialect = apache ? "apache: " : "nginx: ";
  // Locals, not members: the writes through `out` could alias the format,
  // which would then be read again for every item.
  const AccessLogFormat::Item* items = fmt_.items.data();
  const size_t count = fmt_.items.size();
  const FieldWriter::NameIs* name_is = name_is_.data();
  for (size_t k = 0; k < count; k++) {
    const AccessLogFormat::Item& it = items[k];
    if (!it.literal.empty()) {
      const std::string& lit = it.literal;
      if (n - pos < lit.size() || !Same(s.data() + pos, lit.data(), lit.size())) {
        *why = std::string(dialect) + "expected '" + Shown(lit) + "' at byte " + std::to_string(pos);
        return false;
      }
      pos += lit.size();
      continue;
    }
    size_t end = n, plain;
    if (k + 1 < count) {
      end = FindStop(s, pos, n, items[k + 1].literal[0], apache, &plain);
      if (end == std::string_view::npos) {
        *why = std::string(dialect) + "expected '" + Shown(items[k + 1].literal) + "' at byte " + std::to_string(n);
        return false;
      }
    } else {
      plain = JsonPlainPrefix(s.data() + pos, n - pos);
    }
    Emit(it, name_is[k], s.substr(pos, end - pos), plain, out);
    pos = end;
  }
  if (pos != n) {
    *why = std::string(dialect) + "text after the format at byte " + std::to_string(pos);
    return false;
  }
  return true;
}

}  // namespace lc
