// RecordWriter: the LineHandler of lc-tail: each line becomes one record of
// lc-streams(7), RECORDS, appended to an OutputWriter.  The fast path for
// writing records, built from the primitives of record.h, which owns the
// format (record_writer_test.cc checks that both write the same bytes).
//
//   {"time":"<read time>","body":"<line>","log.file.path":"<path>",
//    "host.name":"<host>",<tags>,"lc.cursor":"<source key>:<end offset>"}
//
// Lossless by contract: a line with invalid UTF-8 is written with U+FFFD in
// `body` and its exact bytes in "lc.body_base64"; a piece of a line longer
// than --max-line-bytes carries "lc.truncated":true.  Tags of the watch win
// over --tag tags of the same name.  The per-file tail of the record (path,
// host, tags, cursor key) is rendered once per file, not once per line.
#ifndef LC_COMMON_TAIL_RECORD_WRITER_H_
#define LC_COMMON_TAIL_RECORD_WRITER_H_

#include <string>
#include <utility>
#include <vector>

#include "common/base/output_writer.h"
#include "common/stream/record.h"
#include "common/tail/line_handler.h"

namespace lc {

using Tags = std::vector<std::pair<std::string, std::string>>;

class RecordWriter : public LineHandler {
 public:
  RecordWriter(OutputWriter* out, std::string host_name, Tags tags)
      : out_(out), host_name_(std::move(host_name)), tags_(std::move(tags)) {}

  void BeginChunk(TailedFile* f) override {
    chunk_suffix_ = &Suffix(f);
    chunk_file_ = f;
  }
  void EndChunk(TailedFile* f) override { chunk_file_ = nullptr; }
  void Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
            int64_t read_time) override;

  // Appends ","k":"v" for each tag, the watch's first, then `extra` unless
  // already present.  Shared with other record writers.
  static void AppendTags(std::string* out, const Tags& first, const Tags& extra);

 private:
  struct FileState {
    std::string path, key;
    const WatchSource* source = nullptr;
    std::string suffix;  // from ,"log.file.path" to the cursor's ':'
  };
  const std::string& Suffix(TailedFile* f);

  OutputWriter* out_;
  std::string host_name_;
  Tags tags_;
  int64_t time_cached_ = -1;
  const TailedFile* chunk_file_ = nullptr;  // inside its BeginChunk/EndChunk
  const std::string* chunk_suffix_ = nullptr;
  char head_[49];  // {"time":"...","body":"
};

}  // namespace lc

#endif  // LC_COMMON_TAIL_RECORD_WRITER_H_
