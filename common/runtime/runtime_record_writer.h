// RuntimeRecordWriter: the LineHandler of lc-stdout.  Each line of a
// runtime log file (runtime_log.h) is parsed, joined with its other pieces
// per stream (stream_joiner.h) and written as a record of lc-streams(7), RECORDS:
//
//   {"time":"<runtime's time>","body":"<message>","log.iostream":"stdout",
//    "log.file.path":"…",<container and k8s fields>,"host.name":"…",<tags>,
//    "lc.cursor":"<file key>/stdout:<offset>"}
//
// Contracts:
//  - stdout and stderr have their own cursor keys ("<file key>/stdout",
//    "/stderr"; lines that do not parse, "/raw"), so each stream's delivery
//    is committed and resumed on its own; the file's checkpoint offset never
//    passes a pending piece of either stream.
//  - A corrupt line (truncated JSON, bad timestamp or tag, NUL padding) is
//    written with its raw text as body and "lc.parse_error", and reading
//    goes on.  Invalid UTF-8 is kept exactly in "lc.body_base64".
//  - Lines dated before TailedFile::since are skipped, and lines of a
//    stream ending at or before its TailedFile::committed offset: the
//    tailer's resume rule decides both (start_position.h: --since, 5 s
//    before start on a first run, a later run's new file from its first
//    line, each stream from its own commit).
//  - Kubernetes fields come from the source's tags (container events), or
//    else from a kubelet pods-dir path (pod_path.h).
#ifndef LC_COMMON_RUNTIME_RECORD_WRITER_H_
#define LC_COMMON_RUNTIME_RECORD_WRITER_H_

#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/base/output_writer.h"
#include "common/tail/record_writer.h"
#include "common/tail/line_handler.h"

namespace lc {

class RuntimeRecordWriter : public LineHandler {
 public:
  struct Options {
    size_t max_message_bytes = 1 << 20;
    int64_t flush_ns = 5 * kSeconds;  // pending pieces are emitted after this
    bool want_stdout = true, want_stderr = true;
  };
  RuntimeRecordWriter(OutputWriter* out, Clock* clock, std::string host_name, Tags tags, Options opt)
      : out_(out), clock_(clock), host_name_(std::move(host_name)), tags_(std::move(tags)), opt_(opt) {}

  const std::vector<std::string>& CursorStreams() const override;
  void Begin(TailedFile* f) override;
  void Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
            int64_t read_time) override;
  void Idle(TailedFile* f, int64_t mono_now, bool final) override;
  // A pending piece is due flush_ns after it came.
  int64_t Deadline(const TailedFile& f) const override;
  int64_t SafeOffset(const TailedFile& f, int64_t splitter_safe) override;

  struct FileState;

 private:
  void Emit(TailedFile* f, FileState* st, int stream, const char* p, size_t n, int64_t time,
            int64_t end, bool truncated, const char* parse_error);
  const std::string& Suffix(TailedFile* f, FileState* st, int stream);

  OutputWriter* out_;
  Clock* clock_;
  std::string host_name_;
  Tags tags_;
  Options opt_;
  TimeFormatCache time_cache_;
};

}  // namespace lc

#endif  // LC_COMMON_RUNTIME_RECORD_WRITER_H_
