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

// True when `line` (without its newline) is exactly a forget line: the one
// member, a string, no blanks; *key is then its key, unescaped.  Anything
// else (a record, a forget line with other members) is false: lc-ship treats
// it as a record.  Cheap on records: they differ at the third byte.
bool ParseForgetLine(std::string_view line, std::string* key);

}  // namespace lc

#endif  // LC_COMMON_STREAM_FORGET_LINE_H_
