// ForgetLine: a producer's word, in the record stream, that it will never
// resume a source again (lc-streams(7), RECORDS, FORGOTTEN SOURCES):
//
//   {"lc.forget":"<source key>"}
//
// lc-tail and lc-stdout write one for each cursor stream of a file whose
// entry has just left their checkpoint (a file gone for a day, or drained
// and committed after rotation): nothing looks its commit up after that,
// since a commit is only ever read through a checkpoint entry.  lc-ship,
// reading one, drops the source from the commit file instead of carrying it
// for ever (a node whose containers come and go, or whose logs rotate every
// few minutes, would otherwise rewrite an ever longer commit file every
// second).  The line is a control line, not a record: lc-ship delivers
// nothing for it.
#ifndef LC_COMMON_STREAM_FORGET_LINE_H_
#define LC_COMMON_STREAM_FORGET_LINE_H_

#include <string>
#include <string_view>

namespace lc {

// Appends the forget line of `key`, with its newline.
void AppendForgetLine(std::string_view key, std::string* out);

// The line's opening, up to its key.
inline constexpr std::string_view kForgetLinePrefix = "{\"lc.forget\":\"";

// The out-of-line part of ParseForgetLine, for lines that pass its first check.
bool ParseForgetLineAfterCheck(std::string_view line, std::string* key);

// True when `line` (without its newline) is exactly a forget line: the one
// member, a string, no blanks; *key is then its key, unescaped.  Anything
// else (a record, a forget line with other members) is false: lc-ship treats
// it as a record.  Inline, since lc-ship asks it of every record: they fail
// at the third byte here, without a call (a call per record cost 9% of
// lc-ship's user time in batch).
inline bool ParseForgetLine(std::string_view line, std::string* key) {
  if (line.size() < kForgetLinePrefix.size() + 2 || line[2] != kForgetLinePrefix[2]) return false;
  return ParseForgetLineAfterCheck(line, key);
}

}  // namespace lc

#endif  // LC_COMMON_STREAM_FORGET_LINE_H_
