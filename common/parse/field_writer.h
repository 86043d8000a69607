// FieldWriter: the fields a parser found in one record, built as the JSON
// fragment the record writers insert after the body fields:
//
//   ,"<name>":<value>,"<name>":<value>...      (or ,"lc.parse_error":"<why>")
//
// The fragment lives in one buffer reused from record to record (no
// allocation per line once it has grown), so the writers copy it with one
// memcpy and the --parser none path never touches it.  The buffer is raw
// bytes with room asked for before writing (not a std::string resized
// first, which zero-filled every field before it was written).
//
// The collision rule (lc-tail(1), PARSING): a parsed field whose name is
// one the record already has a meaning for -- "time", "body", "host.name",
// any name starting "lc." or "log.", or the name of one of the record's
// tags (SetTags) -- is written with a leading underscore ("time" becomes
// "_time", "lc.cursor" "_lc.cursor"), as many as it takes to be free.
//
// The time field (--time-key, time_format.h): when a time key is set,
// every Add* of a field with that name (the name as parsed, before the
// collision rule) remembers its value (unescaped, a JSON string's text or a
// JSON number's digits) for RecordShaper to read the record's time from.
// With no time key this costs one test of an empty string per field.  A
// parser's Add* method must keep this promise (NoteTime).
//
// Values that are not valid UTF-8 are written with U+FFFD; lossy() then
// says so, and the caller keeps the exact line in "body" (whose writer adds
// "lc.body_base64"), so nothing is lost.
#ifndef LC_COMMON_PARSE_FIELD_WRITER_H_
#define LC_COMMON_PARSE_FIELD_WRITER_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json/json_scan.h"

namespace lc {

class FieldWriter {
 public:
  using TagList = std::vector<std::pair<std::string, std::string>>;

  // Forget the last record's fields (keeps the buffer).
  void Clear() {
    len_ = 0;
    lossy_ = false;
    time_found_ = false;
  }
  // The field whose value is the record's time ("" for none).
  void SetTimeKey(std::string_view key) { time_key_.assign(key); }
  // Whether this record had the time field, and its value (valid until
  // the next Clear).
  bool time_found() const { return time_found_; }
  std::string_view time_value() const { return time_value_; }
  // Appends "lc.time_error":"<why>" after the fields.
  void AddTimeError(std::string_view why);
  // Names of the record's tags, for the collision rule; either may be null.
  // Called per line: it notes the lengths of the tag names so that
  // Reserved, called per field, looks at the lists only for a name of one
  // of those lengths (most lines have no tags, or none of a field's size).
  void SetTags(const TagList* a, const TagList* b) {
    tags_a_ = a;
    tags_b_ = b;
    tag_lengths_ = 0;
    for (const TagList* tags : {a, b}) {
      if (tags == nullptr) continue;
      for (const auto& kv : *tags) tag_lengths_ |= uint64_t{1} << (kv.first.size() & 63);
    }
  }
  // How AddString learns that a name needs no escaping: kUnchecked scans
  // it; kPlain is the caller's word that PlainName(name) is true -- for
  // parsers whose names are fixed (format items, --fields, regex groups),
  // which check them once rather than on every line.
  enum class NameIs { kUnchecked, kPlain };
  // True when `name` is its own JSON string text (nothing to escape).
  static bool PlainName(std::string_view name);
  // A string field from raw bytes (escaped here; a value that needs no
  // escaping, the usual case, is found so and copied in one piece).
  void AddString(std::string_view name, std::string_view value, NameIs name_is = NameIs::kUnchecked) {
    AddString(name, value, name_is, JsonPlainPrefix(value.data(), value.size()));
  }
  // The same, for a caller whose own scan of the value found that its first
  // `plain` bytes need no escaping (JsonPlainPrefix's answer, or less).
  // Inline for the usual field (a fixed plain name, a plain value, not the
  // time key, no collision): copied in one piece with no call.
  void AddString(std::string_view name, std::string_view value, NameIs name_is, size_t plain) {
    if (plain == value.size() && name_is == NameIs::kPlain && time_key_.empty() && !Reserved(name)) {
      AppendPlain(name, value, true, true);
    } else {
      AddStringSlow(name, value, name_is, plain);
    }
  }
  // A field from JSON input: `name` and, when is_string, `value` are still
  // JSON-escaped text from between their quotes (`name_escaped`: the name
  // holds a backslash); otherwise `value` is raw JSON (number, true,
  // false, null, object, array) copied as it is.
  void AddJson(std::string_view name, bool name_escaped, std::string_view value, bool is_string);
  // Replaces whatever was added by "lc.parse_error":"<why>".
  void SetError(std::string_view why);

  std::string_view fragment() const { return std::string_view(buf_.get(), len_); }
  bool lossy() const { return lossy_; }
  // True for a name the collision rule renames.  Inline: every parsed
  // field of every line asks.  The record's own names begin with b, h, l
  // or t and are told apart by size before bytes; the tag lists are looked
  // at only for a name of a tag name's size.
  __attribute__((always_inline)) bool Reserved(std::string_view name) const {
    size_t n = name.size();
    switch (n == 0 ? '\0' : name[0]) {
      case 't':
        if (n == 4 && name[1] == 'i' && name[2] == 'm' && name[3] == 'e') return true;
        break;
      case 'b':
        if (n == 4 && name[1] == 'o' && name[2] == 'd' && name[3] == 'y') return true;
        break;
      case 'h':
        if (n == 9 && name == "host.name") return true;
        break;
      case 'l':
        if ((n >= 3 && name[1] == 'c' && name[2] == '.') || (n >= 4 && name[1] == 'o' && name[2] == 'g' && name[3] == '.')) {
          return true;
        }
        break;
    }
    return ((tag_lengths_ >> (n & 63)) & 1) != 0 && IsTagName(name);
  }

 private:
  bool IsTagName(std::string_view name) const;
  // The end of the fragment, with room for n more bytes after it; Commit
  // then says where the writing stopped.
  char* Room(size_t n) { return cap_ - len_ >= n ? buf_.get() + len_ : Grow(n); }
  char* Grow(size_t n);
  void Commit(char* end) { len_ = static_cast<size_t>(end - buf_.get()); }
  void Append(const char* p, size_t n) {
    char* d = Room(n);
    std::memcpy(d, p, n);
    Commit(d + n);
  }
  // Appends the JSON-escaped form of [p, p+n) (no quotes); clears lossy_
  // never, sets it when a byte was replaced.
  void AppendEscaped(const char* p, size_t n);
  void AppendName(std::string_view name);
  // Appends ,"<name>":<value> as they are (both already valid JSON string
  // text), with a quote before and/or after the value.
  // Always inlined: per field, where a call's saving and restoring of
  // registers cost as much as the copying.
  __attribute__((always_inline)) void AppendPlain(std::string_view name, std::string_view value, bool open_quote,
                                                  bool close_quote) {
    char* o = Room(4 + name.size() + value.size() + open_quote + close_quote);
    *o++ = ',';
    *o++ = '"';
    CopyShort(o, name.data(), name.size());
    o += name.size();
    *o++ = '"';
    *o++ = ':';
    if (open_quote) *o++ = '"';
    CopyShort(o, value.data(), value.size());
    o += value.size();
    if (close_quote) *o++ = '"';
    Commit(o);
  }
  // memcpy for the short names and values of fields, without the call: two
  // overlapping moves of the widest size that fits.  Reads [s, s+n) only.
  static void CopyShort(char* d, const char* s, size_t n) {
    auto two = [&](auto word) {
      constexpr size_t k = sizeof word;
      decltype(word) a, b;
      std::memcpy(&a, s, k);
      std::memcpy(&b, s + n - k, k);
      std::memcpy(d, &a, k);
      std::memcpy(d + n - k, &b, k);
    };
    if (n > 16) {
      std::memcpy(d, s, n);
    } else if (n >= 8) {
      two(uint64_t{0});
    } else if (n >= 4) {
      two(uint32_t{0});
    } else if (n >= 2) {
      two(uint16_t{0});
    } else if (n == 1) {
      *d = *s;
    }
  }
  void AddStringSlow(std::string_view name, std::string_view value, NameIs name_is, size_t plain);
  // Remembers `value` when `name` is the time key (see above).
  void NoteTime(std::string_view name, std::string_view value, bool json_escaped) {
    if (!time_key_.empty() && name == time_key_) RememberTime(value, json_escaped);
  }
  void RememberTime(std::string_view value, bool json_escaped);

  std::unique_ptr<char[]> buf_;
  size_t len_ = 0, cap_ = 0;
  std::string scratch_;
  bool lossy_ = false;
  std::string time_key_, time_value_;
  bool time_found_ = false;
  const TagList* tags_a_ = nullptr;
  const TagList* tags_b_ = nullptr;
  uint64_t tag_lengths_ = 0;  // bit (size % 64) set for each tag name's size
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_FIELD_WRITER_H_
