// Decompression of whole buffers with a bound on what they decompress to:
// the two Content-Encodings lc-listen accepts on HTTP bodies, gzip (RFC
// 1952; concatenated members are read as one stream, as gzip -dc does) and
// zstd (concatenated frames too; a frame need not declare its size).
//
// The bound is the point: a few KiB of zeros compress a thousand-fold, so
// a request body's size says nothing about what it becomes.  Decompression
// stops as soon as the output would pass `max_out`.
#ifndef LC_COMMON_BASE_DECOMPRESS_H_
#define LC_COMMON_BASE_DECOMPRESS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

enum class DecompressResult { kOk, kTooLarge, kCorrupt, kUnknownEncoding };

// Decompresses `in`, in `encoding` ("gzip", "x-gzip", "zstd"; "" and
// "identity" copy), into *out (replaced).  kTooLarge when it would be more
// than `max_out` bytes; kCorrupt, with *why saying what, when `in` is not
// whole valid data of that encoding (trailing garbage included).
DecompressResult DecompressBody(std::string_view encoding, std::string_view in, size_t max_out, std::string* out,
                                std::string* why);

}  // namespace lc

#endif  // LC_COMMON_BASE_DECOMPRESS_H_
