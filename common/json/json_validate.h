// JsonValidate: a strict check (RFC 8259 grammar) that a line is one whole
// JSON object, without building anything.  lc-ship runs it on every record
// before the record may commit its cursor: a torn, truncated or glued line
// is delivered but must commit nothing (lc-streams(7), RECORDS).
//
// Strict: no trailing commas, no single quotes, no comments, no NaN, no
// leading zeros or '+', no raw control bytes in strings, only the escapes
// of RFC 8259 (\uXXXX with four hex digits), nothing but whitespace after
// the object.  Not checked: that bytes >= 0x80 are valid UTF-8 (the writers
// guarantee it; a commit does not depend on it).  Nesting deeper than
// kMaxJsonDepth is refused.  One pass, the ends of strings found from
// bitmasks of 64 bytes at a time (lc-ship checks every record: it is on
// the hot path).
#ifndef LC_COMMON_JSON_JSON_VALIDATE_H_
#define LC_COMMON_JSON_JSON_VALIDATE_H_

#include <string_view>

namespace lc {

inline constexpr int kMaxJsonDepth = 256;

// True when `text` is exactly one JSON object (whitespace allowed around it).
bool IsJsonObject(std::string_view text);

}  // namespace lc

#endif  // LC_COMMON_JSON_JSON_VALIDATE_H_
