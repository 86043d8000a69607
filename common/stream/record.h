// Record: one log event of the record stream (lc-streams(7), RECORDS), which
// lc-tail and lc-stdout write and lc-ship reads.  One JSON object per line:
//
//   {"time":"<RFC 3339, 9 digits, Z>","body":"<the line>",
//    ["lc.truncated":true,]["lc.body_base64":"<the line's bytes>",]
//    ["lc.parse_error":"<why>",][<fields: log.iostream, log.file.path,
//    host.name, container and k8s tags ...>,]"lc.cursor":"<cursor>"}
//
// This module owns that format: the field names, the write primitives the
// fast record writers are built from (WriteBodyFields, WriteRecordEnd;
// record_writer.h, runtime_record_writer.h), a general encoder and decoder
// (AppendRecord, DecodeRecord) for everything that is not a hot path, and
// FindCursor, lc-ship's per-record reader of lc.cursor.
//
// Lossless by contract: a line that is not valid UTF-8 is written with
// U+FFFD in "body" and its exact bytes in "lc.body_base64"; decoding gives
// back the exact bytes.
#ifndef LC_COMMON_RECORD_H_
#define LC_COMMON_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/stream/cursor.h"

namespace lc {

// The field names that have a meaning to the tools (lc-streams(7), RECORDS).
namespace record_field {
inline constexpr std::string_view kTime = "time";
inline constexpr std::string_view kBody = "body";
inline constexpr std::string_view kTruncated = "lc.truncated";
inline constexpr std::string_view kBodyBase64 = "lc.body_base64";
inline constexpr std::string_view kParseError = "lc.parse_error";
inline constexpr std::string_view kIostream = "log.iostream";
inline constexpr std::string_view kFilePath = "log.file.path";
inline constexpr std::string_view kHostName = "host.name";
inline constexpr std::string_view kCursor = "lc.cursor";
}  // namespace record_field

// Any other top-level member: a tag, or what a parser added.
struct RecordField {
  std::string name;
  std::string value;  // a string's text (unescaped); any other value's JSON text
  bool is_string = true;
  bool operator==(const RecordField& o) const {
    return name == o.name && value == o.value && is_string == o.is_string;
  }
};

struct Record {
  std::string time;  // as written: RFC 3339 text
  std::string body;  // the line's exact bytes
  bool truncated = false;
  std::string parse_error;  // "" when none
  std::vector<RecordField> fields;  // in the order written
  bool has_cursor = false;
  Cursor cursor;

  // The value of a string field among `fields`, or nullptr.
  const std::string* Field(std::string_view name) const;
};

// Decodes one line (without its newline).  InvalidArgument, saying what is
// wrong, when it is not a JSON object, "time" or "body" is missing or not a
// string, "lc.truncated" is not true or false, "lc.body_base64" is not
// base64, or "lc.cursor" is not a cursor string (cursor.h).
Status DecodeRecord(std::string_view line, Record* out);

// Appends the record as one line with its newline, in the field order above
// (the order the fast writers use: the same record gives the same bytes).
// "lc.body_base64" is written when `body` is not valid UTF-8.
void AppendRecord(const Record& r, std::string* out);

// Finds the lc.cursor of `record` without decoding the rest: false when there
// is none or it is not a cursor.  JSON escapes in the key are decoded; `*key`
// points into `record`, or into `*scratch` when the key held escapes.  The
// writers put lc.cursor last, so the search starts at the end; a
// `"lc.cursor":"` inside a string value is escaped and never matches.
bool FindCursor(std::string_view record, std::string* scratch, std::string_view* key, int64_t* offset);

// --- write primitives of the fast record writers ---------------------------

// The most bytes WriteBodyFields writes for a line of `n` bytes.
inline size_t BodyFieldsMax(size_t n) { return 6 * n + (n + 2) / 3 * 4 + 48; }

// Writes a record's body after its opening `"body":"` at `d` (room for
// BodyFieldsMax(n)), and returns its end: the line escaped, the closing
// quote, "lc.truncated":true for a piece of a cut line, and the exact bytes in
// "lc.body_base64" when the line is not valid UTF-8.
char* WriteBodyFields(char* d, const char* p, size_t n, bool truncated);

// The most bytes WriteRecordEnd writes with `suffix`.
inline size_t RecordEndMax(const std::string& suffix) { return suffix.size() + 24; }

// Ends a record at `d`: `suffix` (the fields after the body, up to and
// including `"lc.cursor":"<escaped key>:`), the cursor's offset `end` in
// decimal, `"}` and the newline.  Returns the end.
char* WriteRecordEnd(char* d, const std::string& suffix, int64_t end);

}  // namespace lc

#endif  // LC_COMMON_RECORD_H_
