// RecordWriter: the LineHandler of lc-tail: each line becomes one record of
// lc-streams(7), RECORDS, appended to an OutputWriter.
//
//   {"time":"<read time>","body":"<line>","log.file.path":"<path>",
//    "host.name":"<host>",<tags>,"lc.cursor":"<source key>:<end offset>"}
//
// Lossless by contract: a line with invalid UTF-8 is written with U+FFFD in
// `body` and its exact bytes in "lc.body_base64"; a piece of a line longer
// than --max-line-bytes carries "lc.truncated":true.  Tags of the watch win
// over --tag tags of the same name.  The per-file tail of the record (path,
// host, tags, cursor key) is rendered once per file, not once per line.
#ifndef LC_COMMON_RECORD_WRITER_H_
#define LC_COMMON_RECORD_WRITER_H_

#include <string>
#include <utility>
#include <vector>

#include "common/base/output_writer.h"
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

// This machine's name (gethostname), or $LCTK_HOSTNAME when set (in a pod,
// the node's name comes from the downward API).
std::string HostName();

// The most bytes WriteBodyFields writes for a line of `n` bytes.
inline size_t BodyFieldsMax(size_t n) { return 6 * n + (n + 2) / 3 * 4 + 48; }

// Writes a record's body after its opening `"body":"` at `d` (room for
// BodyFieldsMax(n)), and returns its end: the line escaped, the closing
// quote, "lc.truncated":true for a piece of a cut line, and the exact bytes in
// "lc.body_base64" when the line is not valid UTF-8.  Shared by lc-tail's and
// lc-stdout's records (lc-streams(7), RECORDS).
char* WriteBodyFields(char* d, const char* p, size_t n, bool truncated);

// The most bytes WriteRecordEnd writes with `suffix`.
inline size_t RecordEndMax(const std::string& suffix) { return suffix.size() + 24; }

// Ends a record at `d`: `suffix` (the fields after the body, up to and
// including `"lc.cursor":"<key>:`), the cursor's offset `end` in decimal, `"}`
// and the newline.  Returns the end.
char* WriteRecordEnd(char* d, const std::string& suffix, int64_t end);

}  // namespace lc

#endif  // LC_COMMON_RECORD_WRITER_H_
