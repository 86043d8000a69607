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
//  - With a shaper (common/parse/record_shaper.h), the message, not the
//    runtime's envelope, is what is joined and parsed; a held multiline
//    record keeps the checkpoint before its first line.
//  - With an encoding (Options::encoding), each message is decoded to
//    UTF-8 on its own, before pieces are joined: a piece cut inside a
//    character gets U+FFFD for its bytes (runtimes cut at 8/16 KiB).
//  - Kubernetes fields come from the source's tags (container events), or
//    else from a kubelet pods-dir path (pod_path.h).
#ifndef LC_COMMON_RUNTIME_RECORD_WRITER_H_
#define LC_COMMON_RUNTIME_RECORD_WRITER_H_

#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/base/text_decoder.h"
#include "common/base/output_writer.h"
#include "common/parse/record_shaper.h"
#include "common/tail/record_writer.h"
#include "common/tail/line_handler.h"

namespace lc {

class RuntimeRecordWriter : public LineHandler {
 public:
  struct Options {
    size_t max_message_bytes = 1 << 20;
    int64_t flush_ns = 5 * kSeconds;  // pending pieces are emitted after this
    bool want_stdout = true, want_stderr = true;
    // The record-shaping stage (--parser, --multiline-*), fed each stream's
    // rejoined messages apart: stdout and stderr are never joined with each
    // other.  null: records as before.
    RecordShaper* shaper = nullptr;
    // --encoding: each message is decoded to UTF-8 once its pieces are
    // joined (a character the runtime split at 8/16 KiB is whole again),
    // before it is shaped (text_decoder.h; checked by MakeShaper).  UTF-8:
    // as it is, no decoder.
    std::string encoding;
  };
  RuntimeRecordWriter(OutputWriter* out, Clock* clock, std::string host_name, Tags tags, Options opt)
      : out_(out), clock_(clock), host_name_(std::move(host_name)), tags_(std::move(tags)), opt_(opt) {
    if (!opt_.encoding.empty() && !TextDecoder::IsUtf8(opt_.encoding)) TextDecoder::Open(opt_.encoding, &decoder_);
  }

  // The messages being rejoined (stream_joiner.h) and the shaper's
  // multiline records count in `budget` (lc-stdout --max-pending-bytes;
  // a budget apart from the tailer's, see main.cc).  Before the first file.
  void ShareBudget(std::shared_ptr<ByteBudget> budget);

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
            int64_t end, bool truncated, const char* parse_error, std::string_view fields = {});
  // A joined message: decoded (--encoding), then emitted or shaped.
  void Deliver(TailedFile* f, FileState* st, int stream, const char* m, size_t len, int64_t start,
               int64_t time, int64_t end, bool truncated, int64_t mono);
  void Shape(TailedFile* f, FileState* st, int stream, const char* p, size_t n, int64_t start,
             int64_t time, int64_t end, bool truncated, int64_t mono);
  const std::string& Suffix(TailedFile* f, FileState* st, int stream);

  OutputWriter* out_;
  Clock* clock_;
  std::string host_name_;
  Tags tags_;
  Options opt_;
  TimeFormatCache time_cache_;
  std::unique_ptr<TextDecoder> decoder_;  // null for UTF-8
  std::string decoded_;                   // a decoded message (keeps its capacity)
  std::shared_ptr<ByteBudget> held_;      // null: each message bounded by max_message_bytes only
};

}  // namespace lc

#endif  // LC_COMMON_RUNTIME_RECORD_WRITER_H_
