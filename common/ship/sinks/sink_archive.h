// ArchiveSink: the `archive:///DIR` sink, each batch one compressed tar
// file, as object-store archival does it.
//
// A batch becomes DIR/%Y/%m/%d/%H/<first>-<last>.tar.zst (.tar.gz with
// --compress gzip, .tar with --compress none) holding one member,
// records.ndjson.  The hour is the first record's
// "time" field (UTC; the clock's time when it has none).  <first> and <last>
// are 16-hex-digit hashes of the first and last records' lc.cursor; when
// either record has no cursor, <first> hashes the first record and <last>
// the whole batch.  So the name is a function of the batch's content: a
// resent batch (after a crash or a retry) overwrites itself, and two
// different batches never share a name.
//
// The file is written under a temp name in the same directory, fsynced,
// renamed, and the directory fsynced: a reader (or an uploader) never sees a
// partial archive.
#ifndef LC_COMMON_SINK_ARCHIVE_H_
#define LC_COMMON_SINK_ARCHIVE_H_

#include <string>

#include "common/base/clock.h"
#include "common/base/file_system.h"
#include "common/ship/sink.h"
#include "common/base/status.h"

namespace lc {

struct ArchiveSinkOptions {
  std::string dir;
  std::string compress = "zstd";  // zstd | gzip | none
  int level = 1;  // compression level (zstd 1..19, gzip 1..9); 1: within a few % of 3 on logs, faster
};

class ArchiveSink : public Sink {
 public:
  // Every file operation goes through `fs`.
  ArchiveSink(const ArchiveSinkOptions& options, Clock* clock, FileSystem* fs = RealFileSystem())
      : opt_(options), clock_(clock), fs_(fs) {}
  SendResult Send(const Batch& batch) override;
  // Where a batch goes (relative to DIR), without writing it.
  std::string NameFor(const Batch& batch) const;  // BatchObjectName

 private:
  Status WriteTar(WritableFile* file, const std::string& path, std::string_view body, int64_t mtime_nanos);
  ArchiveSinkOptions opt_;
  Clock* clock_;
  FileSystem* fs_;
};

}  // namespace lc

#endif  // LC_COMMON_SINK_ARCHIVE_H_
