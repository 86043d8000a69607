// FieldWriter: the fields a parser found in one record, built as the JSON
// fragment the record writers insert after the body fields:
//
//   ,"<name>":<value>,"<name>":<value>...      (or ,"lc.parse_error":"<why>")
//
// The fragment lives in one buffer reused from record to record (no
// allocation per line once it has grown), so the writers copy it with one
// memcpy and the --parser none path never touches it.
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
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lc {

class FieldWriter {
 public:
  using TagList = std::vector<std::pair<std::string, std::string>>;

  // Forget the last record's fields (keeps the buffer).
  void Clear() {
    out_.clear();
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
  void AddString(std::string_view name, std::string_view value, NameIs name_is = NameIs::kUnchecked);
  // A field from JSON input: `name` and, when is_string, `value` are still
  // JSON-escaped text from between their quotes (`name_escaped`: the name
  // holds a backslash); otherwise `value` is raw JSON (number, true,
  // false, null, object, array) copied as it is.
  void AddJson(std::string_view name, bool name_escaped, std::string_view value, bool is_string);
  // Replaces whatever was added by "lc.parse_error":"<why>".
  void SetError(std::string_view why);

  std::string_view fragment() const { return out_; }
  bool lossy() const { return lossy_; }
  // True for a name the collision rule renames.
  bool Reserved(std::string_view name) const;

 private:
  void AppendName(std::string_view name);
  // Appends ,"<name>":<value> as they are (both already valid JSON string
  // text), with a quote before and/or after the value.
  void AppendPlain(std::string_view name, std::string_view value, bool open_quote, bool close_quote);
  // Remembers `value` when `name` is the time key (see above).
  void NoteTime(std::string_view name, std::string_view value, bool json_escaped) {
    if (!time_key_.empty() && name == time_key_) RememberTime(value, json_escaped);
  }
  void RememberTime(std::string_view value, bool json_escaped);

  std::string out_;
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
