// CommitFile: the cursors that lc-ship has delivered, per source
// (lc-streams(7), COMMIT FILE).
//
// lc-ship writes it (atomically, 0600) after a sink acknowledges a batch or
// the spool makes it durable; lc-tail and lc-stdout given the same file with
// --commit resume each source from its committed offset.  It maps the source
// key of each cursor (cursor.h) to its offset:
//
//   {"version":1,"cursors":{"<source key>":<offset>,...}}
#ifndef LC_COMMON_COMMIT_FILE_H_
#define LC_COMMON_COMMIT_FILE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

using CursorMap = std::map<std::string, int64_t>;

// Decodes the text of a commit file.  InvalidArgument naming `name` (the
// file's path) and saying what is wrong when it is not this format.
Status DecodeCommitFile(std::string_view text, const std::string& name, CursorMap* cursors);
// The text of a commit file, keys sorted, with its newline.
std::string EncodeCommitFile(const CursorMap& cursors);

// A missing file is an empty map (OK).  A file that is not this format is
// InvalidArgument naming the path (the caller exits 2 and leaves it alone).
Status LoadCommitFile(const std::string& path, CursorMap* cursors);
Status SaveCommitFile(const std::string& path, const CursorMap& cursors);

}  // namespace lc

#endif  // LC_COMMON_COMMIT_FILE_H_
