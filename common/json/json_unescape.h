// JSON string unescaping: the inverse of json_escape.h, for the hot path of
// runtime log parsing (Docker's {"log":"..."}) and for record fields.
//
// Escapes: \" \\ \/ \b \f \n \r \t and \uXXXX, with surrogate pairs joined
// into one code point and a lone surrogate written as U+FFFD.  Runs of plain
// bytes are copied 16 at a time (SSE2); bytes are not validated as UTF-8
// (what the writer wrote is kept).
#ifndef LC_COMMON_JSON_UNESCAPE_H_
#define LC_COMMON_JSON_UNESCAPE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace lc {

// Unescapes the JSON string starting at p (just after its opening quote)
// into *out (cleared first).  Returns the index just past the closing quote,
// or 0 if the string is unterminated or holds a bad escape.
size_t UnescapeJsonString(const char* p, size_t n, std::string* out);

// The text of a string's contents (without its quotes); contents with a bad
// escape come back as they are.
std::string JsonUnescape(std::string_view escaped);

}  // namespace lc

#endif  // LC_COMMON_JSON_UNESCAPE_H_
