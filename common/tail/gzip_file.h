// GzipFile: a gzip-compressed log read as the bytes it holds, for a rotated
// file that was compressed while nobody was reading it (the kubelet gzips
// older rotated CRI logs; logrotate's `compress`).  The tailer only ever
// finishes such a file: it is matched to a checkpoint entry by the signature
// of its decompressed first bytes, then read from the saved offset to its
// end (tailer_generations.cc).
//
// The decompressed bytes are held in memory: rotated logs are small (the
// kubelet's default is 10 MiB) and a bound refuses the rest.  Concatenated
// gzip members are read as one stream, as gzip(1) does.
#ifndef LC_COMMON_GZIP_FILE_H_
#define LC_COMMON_GZIP_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "common/base/file_system.h"

namespace lc {

// The most a rotated log is decompressed to (the kubelet's default rotation
// size is 10 MiB).
constexpr int64_t kMaxRotatedGzipBytes = int64_t{256} << 20;

// True for a name that gzip would have written ("*.gz").
bool IsGzipName(const std::string& name);

// Up to `n` bytes of what `raw` decompresses to (fewer if it holds fewer).
// Corruption if it is not gzip data.
Status ReadGzipPrefix(File* raw, size_t n, std::string* out);

// A File over everything `raw` decompresses to: Stat is raw's (device,
// inode, mtime, links) with the decompressed size; ReadAt reads the
// decompressed bytes.  Corruption if it is not gzip data or is cut short,
// InvalidArgument if it would decompress to more than `max_bytes`.
Status OpenGzipFile(std::unique_ptr<File> raw, int64_t max_bytes, std::unique_ptr<File>* out);

}  // namespace lc

#endif  // LC_COMMON_GZIP_FILE_H_
