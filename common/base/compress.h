// CompressBody: whole-buffer compression in the two encodings lc writes,
// gzip (RFC 1952, not raw deflate: what Content-Encoding: gzip and .gz
// files mean) and zstd.  Used by the HTTP sinks' bodies, the file and
// archive sinks' files, and tests that make .gz fixtures.
#ifndef LC_COMMON_BASE_COMPRESS_H_
#define LC_COMMON_BASE_COMPRESS_H_

#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

// Compresses `in` for `encoding` ("gzip" or "zstd") into *out (replaced).
// InvalidArgument for another encoding; IOError if the library fails.
Status CompressBody(const std::string& encoding, std::string_view in, std::string* out);

}  // namespace lc

#endif  // LC_COMMON_BASE_COMPRESS_H_
