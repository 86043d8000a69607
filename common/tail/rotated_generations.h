// RotatedGenerations: the rotated copies of a log file that lie beside it,
// named as logrotate and the kubelet name them, oldest first.
//
// For a file "x.log" a generation is a regular file in the same directory
// named "x.log" plus one rotation suffix, optionally gzip'd (".gz"):
//   - a number: "x.log.1", "x.log.2.gz" (logrotate's default; a higher
//     number is older);
//   - a date or time: "x.log-20261201", "x.log-20261201-1764590000"
//     (logrotate's dateext), "0.log.20261201-101500" (the kubelet); a
//     smaller one is older.
// That is the one place that says what a rotated generation is called: the
// Tailer's resume at start (generations made and rotated away while it was
// down) and a followed file's copytruncate tail (the copy "x.log.1", or
// "x.log.1.gz" once compressed) both look through it.  Generations of one
// naming scheme are ordered by their suffix; a mix of schemes by mtime.
#ifndef LC_COMMON_TAIL_ROTATED_GENERATIONS_H_
#define LC_COMMON_TAIL_ROTATED_GENERATIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/base/file_system.h"
#include "common/base/status.h"

namespace lc {

// How many generations, newest first, a running tailer looks through for
// what was rotated between two looks at a file (copies, generations newer
// than the file it followed): a file rotated more often than that between
// two looks loses the older ones.  At start every generation is looked at.
constexpr int kMaxGenerationsLooked = 16;

struct Generation {
  std::string path;
  FileInfo info;      // Lstat of `path` (for a .gz, the compressed file's)
  bool compressed = false;
};

// If `name` is `base` plus a rotation suffix (see above), true; *numbered
// tells the scheme and *order its place in it (bigger: newer).
bool ParseGenerationName(const std::string& base, const std::string& name, bool* compressed,
                         bool* numbered, std::string* order);

// The generations of `path` (not `path` itself), oldest first.  NotFound
// if the directory is gone.  A generation removed between the listing and
// its look is taken as its ".gz" (see OpenGeneration).
Status FindGenerations(FileSystem* fs, const std::string& path, std::vector<Generation>* out);

// Opens `g` as a source's file is opened (root, beneath).  An uncompressed
// generation gone since it was listed was being compressed (logrotate's
// compress): gzip writes "x.gz" whole before it removes "x", so "x.gz" holds
// the same content, complete; `g` becomes that one.
Status OpenGeneration(FileSystem* fs, const std::string& root, const std::string& beneath, Generation* g,
                      std::unique_ptr<File>* file);

}  // namespace lc

#endif  // LC_COMMON_TAIL_ROTATED_GENERATIONS_H_
