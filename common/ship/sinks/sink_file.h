// FileSink: the `file:///DIR` sink, rolling NDJSON files.
//
// Batches are appended to DIR/lc-<YYYYmmddTHHMMSS>-<pid>-<n>.ndjson (UTC
// time the file was opened) and fsynced before the batch counts as
// delivered.  With --compress gzip (zstd) the file is .ndjson.gz (.zst) and
// each batch one gzip member (zstd frame) of it: `gzip -dc` and `zstd -dc`
// read the concatenation whole, and a batch is on disk once it is written.  A
// new file is started when the current one holds max_bytes or is max_age old.
// Several FileSinks on one DIR never share a file.
//
// No torn records (issue 13, defect 8): a reader never keeps a partial
// record.
//  - A write or fsync that fails (ENOSPC, EIO) is undone: the file is cut
//    back to its last whole batch and the batch is sent again, whole, to the
//    same file: no torn line, no duplicate, no new empty file per retry.
//  - A writer killed mid-write (kill -9) leaves a torn last line.  Each
//    FileSink holds an flock(2) on the file it writes; when made (lc-ship's
//    start) it cuts every uncompressed lc-*.ndjson in DIR that no live writer holds
//    back to its last newline, and says how many bytes it removed.  (A
//    reader may see the torn line between the crash and the next start; a
//    compressed file's torn last member is not repaired: gzip -dc / zstd -dc
//    report it.)  The lock needs the real kernel: with another FileSystem
//    (tests) every file counts as unheld.
#ifndef LC_COMMON_SINK_FILE_H_
#define LC_COMMON_SINK_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "common/base/clock.h"
#include "common/base/compress.h"
#include "common/base/file_system.h"
#include "common/ship/sink.h"

namespace lc {

struct FileSinkOptions {
  std::string dir;
  int64_t max_bytes = 100 << 20;
  int64_t max_age_nanos = 3600 * kSeconds;
  std::string compress = "none";  // none | gzip | zstd
  int level = 0;                   // compression level; 0: the codec's default
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
  std::unique_ptr<Compressor> compressor_;  // made at the first batch, kept
  FileSystem* fs_;
  void Repair();  // cuts torn last lines of files no writer holds
  void CloseFile();
  std::unique_ptr<WritableFile> file_;  // null: none open
  int lock_fd_ = -1;                    // flock held on path_ while it is written
  int64_t size_ = 0, opened_mono_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_SINK_FILE_H_
