// BatchObjectName: the name of the object a batch is stored as, by the sinks
// that write one object per batch (archive://, s3://).
//
//   YYYY/MM/DD/hh/<hash of first cursor>-<hash of last cursor>.<ext>
//
// The hour is the first record's "time" (RFC 3339; now when it has none), so
// objects sort by when their logs were made.  The hashes are of the first and
// last records' lc.cursor, so a batch that is resent after a crash gets the
// same name and overwrites itself instead of making a duplicate; a batch
// without cursors is named by a hash of all its records instead.
#ifndef LC_COMMON_SHIP_SINKS_BATCH_OBJECT_NAME_H_
#define LC_COMMON_SHIP_SINKS_BATCH_OBJECT_NAME_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/ship/batch.h"

namespace lc {

// Records [begin, end) of `batch` (begin < end); `ext` without its dot
// ("tar.zst", "ndjson.gz").
std::string BatchObjectName(const Batch& batch, size_t begin, size_t end, int64_t now_nanos,
                            std::string_view ext);

// A record's "time" when it is an RFC 3339 string, else `now_nanos`: the
// hour of the name above, and the archive entry's mtime.
int64_t RecordTime(std::string_view record, int64_t now_nanos);

}  // namespace lc

#endif  // LC_COMMON_SHIP_SINKS_BATCH_OBJECT_NAME_H_
