#include "common/parse/logfmt_line_parser.h"

namespace lc {

namespace {
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }
}  // namespace

bool LogfmtLineParser::Parse(std::string_view s, FieldWriter* out, std::string* why) {
  size_t i = 0, n = s.size(), pairs = 0;
  for (;;) {
    while (i < n && IsSpace(s[i])) i++;
    if (i >= n) break;
    size_t k = i;
    while (i < n && !IsSpace(s[i]) && s[i] != '=' && s[i] != '"') i++;
    std::string_view key = s.substr(k, i - k);
    if (key.empty()) {
      *why = "logfmt: a value without a key at byte " + std::to_string(k);
      return false;
    }
    pairs++;
    if (i >= n || s[i] != '=') {
      if (i < n && s[i] == '"') {
        *why = "logfmt: a quote inside a key at byte " + std::to_string(i);
        return false;
      }
      out->AddString(key, "");
      continue;
    }
    i++;
    if (i < n && s[i] == '"') {
      value_.clear();
      size_t start = ++i;
      bool closed = false;
      for (; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
          value_.append(s.data() + start, i - start);
          char e = s[++i];
          value_.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
          start = i + 1;
        } else if (s[i] == '"') {
          closed = true;
          break;
        }
      }
      if (!closed) {
        *why = "logfmt: unterminated quote after " + std::string(key) + "=";
        return false;
      }
      value_.append(s.data() + start, i - start);
      i++;
      out->AddString(key, value_);
    } else {
      size_t v = i;
      while (i < n && !IsSpace(s[i])) i++;
      out->AddString(key, s.substr(v, i - v));
    }
  }
  if (pairs == 0) {
    *why = "logfmt: no key=value pair";
    return false;
  }
  return true;
}

}  // namespace lc
