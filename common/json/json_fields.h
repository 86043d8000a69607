// JsonFields: the top-level members of one record (a JSON object on one
// line), found without building a tree.
//
// The protocol sinks read a few fields of every record (lc.cursor, time,
// labels) and copy the rest through; a DOM parser per record cost them 80%
// of their time.  ForEachJsonMember walks the object once and hands out each
// member's key and value as spans of the input: a string value is the text
// between its quotes, still escaped (valid inside any JSON string, so it can
// be copied to output as is); other values are their raw JSON text (nested
// objects and arrays are skipped over, bracket-matched, not validated).
// Strings are checked (no raw control characters, escapes well formed);
// anything that is not an object returns false and the caller treats the
// line as opaque text.
#ifndef LC_COMMON_JSON_FIELDS_H_
#define LC_COMMON_JSON_FIELDS_H_

#include <string>
#include <string_view>
#include <utility>

#include "common/json/json_unescape.h"  // JsonUnescape

namespace lc {

struct JsonMember {
  enum Type : char { kString, kNumber, kTrue, kFalse, kNull, kObject, kArray };
  std::string_view key;    // between the quotes, still escaped
  std::string_view value;  // kString: between the quotes, escaped; else raw
  Type type;
  bool key_escaped;    // key contains a backslash: use JsonUnescape to compare
  bool value_escaped;  // kString value contains a backslash
  // The key as text (unescaped when needed).
  std::string KeyText() const;
  // A string value as text; other values as their raw JSON.
  std::string ValueText() const;
  bool KeyIs(std::string_view name) const;
};

// Calls fn(const JsonMember&) for each member in order; fn returns false to
// stop early.  Returns false if `text` is not a well-formed object (members
// seen before the error have been handed out).
template <typename Fn>
bool ForEachJsonMember(std::string_view text, Fn&& fn);
// The same, with every value checked strictly (RFC 8259 grammar, nesting
// to kMaxStrictDepth, strings valid UTF-8) as it is scanned, for callers
// that copy values into records: a value is scanned once, not skipped and
// then checked.  A value that breaks the grammar makes it return false; a
// true return means the whole text is valid UTF-8 (outside strings the
// grammar allows ASCII only).
constexpr int kMaxStrictDepth = 256;
template <typename Fn>
bool ForEachStrictJsonMember(std::string_view text, Fn&& fn);

// The same for the elements of an array (`text` is the array's raw JSON, as
// a kArray member's value is): fn(const JsonMember&) sees each element with
// an empty key.  Returns false if `text` is not a well-formed array.
template <typename Fn>
bool ForEachJsonElement(std::string_view text, Fn&& fn);


// --- implementation -------------------------------------------------------

namespace json_fields_internal {
// Each returns the index just past the item starting at `i`, or npos.
// SkipWs is inline: it runs four times per member, mostly to skip nothing.
inline size_t SkipWs(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}
size_t ScanString(std::string_view s, size_t i, bool* escaped);  // i at '"'
// ScanString that also refuses invalid UTF-8 (the strict walk's).
size_t ScanStrictString(std::string_view s, size_t i, bool* escaped);
size_t ScanValue(std::string_view s, size_t i, JsonMember::Type* type);
// ScanValue by the strict grammar (any value but a string, which the
// walker scans itself).
size_t ScanStrictValue(std::string_view s, size_t i, JsonMember::Type* type);

// The walk of an object's members (kArray false) or an array's elements
// (kArray true: no key, an empty one handed out).
template <bool kStrict, bool kArray, typename Fn>
bool Walk(std::string_view s, Fn&& fn) {
  using namespace json_fields_internal;
  constexpr size_t npos = std::string_view::npos;
  constexpr char open = kArray ? '[' : '{', close = kArray ? ']' : '}';
  size_t i = SkipWs(s, 0);
  if (i >= s.size() || s[i] != open) return false;
  i = SkipWs(s, i + 1);
  if (i < s.size() && s[i] == close) return SkipWs(s, i + 1) == s.size();
  for (;;) {
    JsonMember m{};
    size_t end;
    if constexpr (!kArray) {
      if (i >= s.size() || s[i] != '"') return false;
      end = kStrict ? ScanStrictString(s, i, &m.key_escaped) : ScanString(s, i, &m.key_escaped);
      if (end == npos) return false;
      m.key = s.substr(i + 1, end - i - 2);
      i = SkipWs(s, end);
      if (i >= s.size() || s[i] != ':') return false;
      i = SkipWs(s, i + 1);
    }
    if (i >= s.size()) return false;
    if (s[i] == '"') {
      end = kStrict ? ScanStrictString(s, i, &m.value_escaped) : ScanString(s, i, &m.value_escaped);
      if (end == npos) return false;
      m.type = JsonMember::kString;
      m.value = s.substr(i + 1, end - i - 2);
    } else {
      end = kStrict ? ScanStrictValue(s, i, &m.type) : ScanValue(s, i, &m.type);
      if (end == npos) return false;
      m.value = s.substr(i, end - i);
    }
    if (!fn(static_cast<const JsonMember&>(m))) return true;
    i = SkipWs(s, end);
    if (i < s.size() && s[i] == ',') {
      i = SkipWs(s, i + 1);
      continue;
    }
    if (i < s.size() && s[i] == close) return SkipWs(s, i + 1) == s.size();
    return false;
  }
}
}  // namespace json_fields_internal

template <typename Fn>
bool ForEachJsonMember(std::string_view text, Fn&& fn) {
  return json_fields_internal::Walk<false, false>(text, std::forward<Fn>(fn));
}

template <typename Fn>
bool ForEachStrictJsonMember(std::string_view text, Fn&& fn) {
  return json_fields_internal::Walk<true, false>(text, std::forward<Fn>(fn));
}

template <typename Fn>
bool ForEachJsonElement(std::string_view text, Fn&& fn) {
  return json_fields_internal::Walk<false, true>(text, std::forward<Fn>(fn));
}

}  // namespace lc

#endif  // LC_COMMON_JSON_FIELDS_H_
