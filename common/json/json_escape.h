// JSON string escaping: the innermost loop of every tool's output.
//
// AppendJsonEscaped appends the bytes of [p, p+n) to `out` as the inside of a
// JSON string (no quotes).  Control characters and NUL become \uXXXX (or \n,
// \t ...), '"' and '\' are escaped, and valid UTF-8 is copied as is.  A byte
// that is not part of valid UTF-8 becomes U+FFFD, so the output is always
// valid UTF-8 and valid JSON; the return value says whether that happened, so
// the caller can keep the raw bytes elsewhere (see record_writer.h) and lose
// nothing.  Runs of plain ASCII are found 16 bytes at a time (SSE2).
#ifndef LC_COMMON_JSON_ESCAPE_H_
#define LC_COMMON_JSON_ESCAPE_H_

#include <cstddef>
#include <string>

namespace lc {

// The most bytes one input byte becomes (a control character: \u00XX).
constexpr size_t kJsonEscapeExpansion = 6;

// Writes the escaped form of [p, p+n) at `d`, which must have room for
// kJsonEscapeExpansion * n bytes, and returns its end.  Sets *valid to false
// if any invalid UTF-8 was replaced (and leaves it alone otherwise).  The
// form of the record writers' hot path.
char* EscapeJson(char* d, const char* p, size_t n, bool* valid);

// Returns false if any invalid UTF-8 was replaced.
bool AppendJsonEscaped(std::string* out, const char* p, size_t n);
inline bool AppendJsonEscaped(std::string* out, const std::string& s) {
  return AppendJsonEscaped(out, s.data(), s.size());
}

// Appends `"<escaped>"`.
inline bool AppendJsonString(std::string* out, const char* p, size_t n) {
  out->push_back('"');
  bool ok = AppendJsonEscaped(out, p, n);
  out->push_back('"');
  return ok;
}
inline bool AppendJsonString(std::string* out, const std::string& s) {
  return AppendJsonString(out, s.data(), s.size());
}

// The standard base64 encoding of [p, p+n): written at `d` (room for
// (n + 2) / 3 * 4 bytes, returning its end), or appended.
char* WriteBase64(char* d, const char* p, size_t n);
void AppendBase64(std::string* out, const char* p, size_t n);

}  // namespace lc

#endif  // LC_COMMON_JSON_ESCAPE_H_
