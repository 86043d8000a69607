// FileSink: the `file:///DIR` sink, rolling NDJSON files.
//
// Batches are appended to DIR/lc-<YYYYmmddTHHMMSS>-<pid>-<n>.ndjson (UTC
// time the file was opened) and fsynced before the batch counts as
// delivered.  With --compress gzip (zstd) the file is .ndjson.gz (.zst) and
// each batch one gzip member (zstd frame) of it: `gzip -dc` and `zstd -dc`
// read the concatenation whole, and a batch is on disk once it is written.  A new file is started when the current one holds max_bytes or
// is max_age old.  After a failed write the file is abandoned and the batch
// goes whole to a new one (the old file may end with part of it: at least
// once).  Several FileSinks on one DIR never share a file.
#ifndef LC_COMMON_SINK_FILE_H_
#define LC_COMMON_SINK_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "common/base/clock.h"
#include "common/base/file_system.h"
#include "common/ship/sink.h"

namespace lc {

struct FileSinkOptions {
  std::string dir;
  int64_t max_bytes = 100 << 20;
  int64_t max_age_nanos = 3600 * kSeconds;
  std::string compress = "none";  // none | gzip | zstd
};

class FileSink : public Sink {
 public:
  // Every file operation goes through `fs`.
  FileSink(const FileSinkOptions& options, Clock* clock, FileSystem* fs = RealFileSystem());
  ~FileSink() override;
  SendResult Send(const Batch& batch) override;
  const std::string& current_path() const { return path_; }

 private:
  FileSinkOptions opt_;
  Clock* clock_;
  std::string path_, packed_;  // packed_: the batch compressed
  FileSystem* fs_;
  std::unique_ptr<WritableFile> file_;  // null: none open
  int64_t size_ = 0, opened_mono_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_SINK_FILE_H_
