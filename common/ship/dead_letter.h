// DeadLetter: where records go that the sink refused for good (a 400, a
// per-item rejection) or that were given up after --retry-max: one JSON line
// each, {"reason":"...","record":"<the record as text>"}, appended to
// --dead-letter FILE (0600) and fsynced before the batch is resolved, so a
// record is in the sink, in this file, or uncommitted: never lost silently.
// Without a file, each record's reason is printed to stderr (not its
// content).  Thread-safe.
#ifndef LC_COMMON_DEAD_LETTER_H_
#define LC_COMMON_DEAD_LETTER_H_

#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/file_system.h"
#include "common/base/status.h"

namespace lc {

class DeadLetter {
 public:
  DeadLetter(std::string path, std::string sink_name, FileSystem* fs = RealFileSystem())
      : path_(std::move(path)), sink_name_(std::move(sink_name)), fs_(fs) {}
  // Writes (record, reason) pairs; IOError if the file cannot take them
  // (the caller keeps the records: they are not resolved).
  Status Write(const std::vector<std::pair<std::string_view, std::string>>& items);

 private:
  const std::string path_, sink_name_;
  FileSystem* const fs_;
  std::mutex mu_;
};

}  // namespace lc

#endif  // LC_COMMON_DEAD_LETTER_H_
