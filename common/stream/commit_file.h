// CommitFile: the cursors that lc-ship has delivered, per source.
//
// lc-ship writes it (atomically, 0600) after a sink acknowledges a batch or
// the spool makes it durable; lc-tail and lc-stdout given the same file with
// --commit resume each source from its committed offset.  A cursor is
// "<source key>:<offset>" (lc.cursor in every record): the source key is
// opaque to lc-ship, and the offset is the decimal byte offset just past the
// record in its source.  Split at the last ':'.
//
// Format (versioned JSON):
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

// Splits "<key>:<offset>".  False if there is no ':' or the offset is not a
// non-negative decimal number.
bool SplitCursor(const char* p, size_t n, std::string* key, int64_t* offset);
// The same, with the key a view into `cursor`.
bool SplitCursor(std::string_view cursor, std::string_view* key, int64_t* offset);

// A missing file is an empty map (OK).  A file that is not this format is
// InvalidArgument naming the path (the caller exits 2 and leaves it alone).
Status LoadCommitFile(const std::string& path, CursorMap* cursors);
Status SaveCommitFile(const std::string& path, const CursorMap& cursors);

}  // namespace lc

#endif  // LC_COMMON_COMMIT_FILE_H_
