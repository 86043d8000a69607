// Compression of whole buffers in the two encodings lc writes, gzip (RFC
// 1952, not raw deflate: what Content-Encoding: gzip and .gz files mean) and
// zstd, at a level.  Used by the HTTP sinks' bodies, the file sink's files
// and tests that make .gz fixtures.
//
// Compressor is what a sink keeps: it holds the codec's state (a libdeflate
// compressor, a ZSTD_CCtx) across batches, so a batch costs no allocation
// of tables.  One Compressor has one caller at a time (a sink per sender).
// Each Compress() call makes one whole stream: one gzip member, one zstd
// frame (with its content size and checksum), readable on its own by
// gzip -dc / zstd -dc, and concatenable (the file sink appends them).
//
// Levels: gzip 1..12 (libdeflate's; 1..9 mean what zlib's do, roughly,
// 10..12 are slow and smaller), zstd 1..19.  0 picks the fast default
// (kDefaultCompressLevel, 1 for both): on lc's NDJSON records, gzip level 1
// (libdeflate) takes about a fifth of the CPU of zlib's default level 6 for
// a body about 10% larger; zstd level 1 is as small as 3 on 1 MiB batches
// and no slower (1.0 to 1.5 times as fast in bench/ship.sh runs here).
#ifndef LC_COMMON_BASE_COMPRESS_H_
#define LC_COMMON_BASE_COMPRESS_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

constexpr int kDefaultCompressLevel = 1;

// OK if `level` is 0 (the default) or within `encoding`'s range; else
// InvalidArgument "gzip takes levels 1..12" (the caller names its flag).
// InvalidArgument for an encoding other than gzip and zstd.
Status CheckCompressLevel(const std::string& encoding, int level);

class Compressor {
 public:
  virtual ~Compressor() = default;
  // `encoding` gzip or zstd, `level` as CheckCompressLevel takes it
  // (InvalidArgument otherwise); IOError if the library cannot start.
  static Status New(const std::string& encoding, int level, std::unique_ptr<Compressor>* out);
  // Compresses `in` into *out (replaced; its capacity is reused).  IOError if
  // the library fails.
  virtual Status Compress(std::string_view in, std::string* out) = 0;
};

// One buffer at the default level, without keeping a Compressor: tests and
// one-off callers.  InvalidArgument for another encoding.
Status CompressBody(const std::string& encoding, std::string_view in, std::string* out);

}  // namespace lc

#endif  // LC_COMMON_BASE_COMPRESS_H_
