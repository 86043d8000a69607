#include "common/runtime/runtime_record_writer.h"

#include <algorithm>
#include <cstring>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/json/json_escape.h"
#include "common/runtime/pod_path.h"
#include "common/runtime/runtime_log.h"
#include "common/runtime/stream_joiner.h"

namespace lc {

struct RuntimeRecordWriter::FileState {
  RuntimeFormat format = RuntimeFormat::kUnknown;
  StreamJoiner joiner[2];
  ShapeState shape[2];
  int64_t committed[3] = {-1, -1, -1};  // per key (stdout, stderr, raw), from the commit file
  int64_t since = 0;
  std::string scratch;
  TimeParseCache times;
  std::string path, key;  // what the suffixes were built for
  std::string suffix[3];
  FileState(size_t max, const std::shared_ptr<ByteBudget>& held)
      : joiner{StreamJoiner(max, held), StreamJoiner(max, held)} {}
};

namespace {
// Cursor key suffixes.  Lines that do not parse have their own key, so a
// commit of one never passes a pending piece of stdout or stderr.
const char* kStreamKey[3] = {"/stdout", "/stderr", "/raw"};
constexpr int kRaw = 2;
}

const std::vector<std::string>& RuntimeRecordWriter::CursorStreams() const {
  static const std::vector<std::string> streams{kStreamKey[0], kStreamKey[1], kStreamKey[2]};
  return streams;
}

void RuntimeRecordWriter::ShareBudget(std::shared_ptr<ByteBudget> budget) {
  held_ = std::move(budget);
  if (opt_.shaper != nullptr) opt_.shaper->ShareBudget(held_);
}

void RuntimeRecordWriter::Begin(TailedFile* f) {
  auto st = std::make_shared<FileState>(opt_.max_message_bytes, held_);
  st->since = f->since;
  for (size_t s = 0; s < 3 && s < f->committed.size(); s++) st->committed[s] = f->committed[s];
  f->handler_state = st;
}

const std::string& RuntimeRecordWriter::Suffix(TailedFile* f, FileState* st, int stream) {
  if (st->path != f->path || st->key != f->key) {
    st->path = f->path;
    st->key = f->key;
    for (std::string& x : st->suffix) x.clear();
  }
  std::string& s = st->suffix[stream];
  if (!s.empty()) return s;
  if (stream != kRaw) {
    s = ",\"log.iostream\":\"";
    s += LogStreamName(static_cast<LogStream>(stream));
    s += "\"";
  }
  s += ",\"log.file.path\":";
  AppendJsonString(&s, f->path);
  Tags first = f->source ? f->source->tags : Tags();
  bool has_k8s = std::any_of(first.begin(), first.end(), [](auto& kv) { return kv.first == "k8s.pod.name"; });
  PodPath pp;
  if (!has_k8s && ParsePodPath(f->path, &pp)) {
    first.insert(first.end(), {{"k8s.namespace.name", pp.ns}, {"k8s.pod.name", pp.pod},
                               {"k8s.pod.uid", pp.uid}, {"k8s.container.name", pp.container},
                               {"k8s.container.restart_count", pp.restart}});
  }
  s += ",\"host.name\":";
  AppendJsonString(&s, host_name_);
  RecordWriter::AppendTags(&s, first, tags_);
  s += ",\"lc.cursor\":\"";
  AppendJsonEscaped(&s, f->key);
  s += kStreamKey[stream];
  s += ":";
  return s;
}

void RuntimeRecordWriter::Emit(TailedFile* f, FileState* st, int stream, const char* p, size_t n,
                               int64_t time, int64_t end, bool truncated, const char* parse_error,
                               std::string_view fields) {
  const std::string& suffix = Suffix(f, st, stream);
  size_t error_len = parse_error != nullptr ? strlen(parse_error) : 0;
  char* d = out_->Reserve(49 + BodyFieldsMax(n) + 20 + kJsonEscapeExpansion * error_len +
                          fields.size() + RecordEndMax(suffix));
  memcpy(d, "{\"time\":\"", 9);
  time_cache_.Format(time, d + 9);
  memcpy(d + 39, "\",\"body\":\"", 10);
  d = WriteBodyFields(d + 49, p, n, truncated);
  if (parse_error != nullptr) {
    memcpy(d, ",\"lc.parse_error\":\"", 19);
    bool valid = true;
    d = EscapeJson(d + 19, parse_error, error_len, &valid);
    *d++ = '"';
  }
  if (!fields.empty()) memcpy(d, fields.data(), fields.size());  // an empty view may hold null: UB in memcpy
  d += fields.size();
  out_->Commit(WriteRecordEnd(d, suffix, end));
  out_->MaybeFlush();
}

void RuntimeRecordWriter::Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
                               int64_t read_time) {
  auto* st = static_cast<FileState*>(f->handler_state.get());
  if (n == 0) return;  // runtimes never write empty lines
  int64_t line_start = end - static_cast<int64_t>(n) - (truncated ? 0 : 1);
  if (st->format == RuntimeFormat::kUnknown) st->format = DetectRuntimeFormat(p, n);
  RuntimeLine rl;
  const char* error = "unknown runtime log format";
  bool ok = !truncated && (st->format == RuntimeFormat::kDockerJson
                               ? ParseDockerJsonLine(p, n, &st->scratch, &rl, &error, &st->times)
                               : st->format == RuntimeFormat::kCri ? ParseCriLine(p, n, &rl, &error, &st->times)
                                                                   : false);
  if (truncated) error = "runtime log line longer than the line limit";
  if (!ok) {
    if (st->committed[kRaw] < end) Emit(f, st, kRaw, p, n, read_time, end, truncated, error);
    return;
  }
  int s = static_cast<int>(rl.stream);
  if (!(s == 0 ? opt_.want_stdout : opt_.want_stderr)) return;
  if (end <= st->committed[s] || rl.time < st->since) return;
  StreamJoiner& joiner = st->joiner[s];
  bool joining = opt_.shaper != nullptr && opt_.shaper->joining();
  // Only pieces and multiline joins need the time.
  int64_t mono = joining || rl.partial || joiner.pending() ? clock_->MonoNanos() : 0;
  joiner.Add(rl.msg, rl.msg_len, rl.partial, rl.time, line_start, end, mono,
             [&](const char* m, size_t len, int64_t t, int64_t e, bool trunc) {
               Deliver(f, st, s, m, len, joiner.pending() ? joiner.pending_start() : line_start, t, e, trunc, mono);
             });
}

void RuntimeRecordWriter::Deliver(TailedFile* f, FileState* st, int stream, const char* m, size_t len,
                                  int64_t start, int64_t time, int64_t end, bool truncated, int64_t mono) {
  if (decoder_ != nullptr) {
    decoded_.clear();
    decoder_->Decode(m, len, true, &decoded_);
    m = decoded_.data();
    len = decoded_.size();
  }
  if (opt_.shaper == nullptr) {
    Emit(f, st, stream, m, len, time, end, truncated, nullptr);
  } else {
    Shape(f, st, stream, m, len, start, time, end, truncated, mono);
  }
}

void RuntimeRecordWriter::Shape(TailedFile* f, FileState* st, int stream, const char* p, size_t n,
                                int64_t start, int64_t time, int64_t end, bool truncated,
                                int64_t mono) {
  opt_.shaper->SetTags(f->source != nullptr ? &f->source->tags : nullptr, &tags_);
  opt_.shaper->Add(&st->shape[stream], p, n, start, end, truncated, time, mono,
                   [&](const char* b, size_t len, int64_t e, bool t, int64_t tm, std::string_view fields) {
                     Emit(f, st, stream, b, len, tm, e, t, nullptr, fields);
                   });
}

void RuntimeRecordWriter::Idle(TailedFile* f, int64_t mono_now, bool final) {
  auto* st = static_cast<FileState*>(f->handler_state.get());
  if (st == nullptr) return;
  if (opt_.shaper != nullptr) opt_.shaper->MaybeReport();
  for (int s = 0; s < 2; s++) {
    StreamJoiner& j = st->joiner[s];
    if (j.pending() && (final || mono_now - j.last_mono() >= opt_.flush_ns)) {
      j.Flush([&](const char* m, size_t len, int64_t t, int64_t e, bool trunc) {
        Deliver(f, st, s, m, len, j.pending_start(), t, e, trunc, mono_now);
      });
    }
    if (opt_.shaper != nullptr && opt_.shaper->Holds(st->shape[s])) {
      opt_.shaper->SetTags(f->source != nullptr ? &f->source->tags : nullptr, &tags_);
      opt_.shaper->Idle(&st->shape[s], mono_now, final,
                        [&](const char* b, size_t len, int64_t e, bool t, int64_t tm, std::string_view fields) {
                          Emit(f, st, s, b, len, tm, e, t, nullptr, fields);
                        });
    }
  }
}

int64_t RuntimeRecordWriter::Deadline(const TailedFile& f) const {
  auto* st = static_cast<FileState*>(f.handler_state.get());
  int64_t due = kNoDeadline;
  for (int s = 0; st != nullptr && s < 2; s++) {
    if (st->joiner[s].pending()) due = std::min(due, st->joiner[s].last_mono() + opt_.flush_ns);
    if (opt_.shaper != nullptr) due = std::min(due, opt_.shaper->Deadline(st->shape[s]));
  }
  return due;
}

int64_t RuntimeRecordWriter::SafeOffset(const TailedFile& f, int64_t splitter_safe) {
  auto* st = static_cast<FileState*>(f.handler_state.get());
  int64_t safe = splitter_safe;
  for (int s = 0; st != nullptr && s < 2; s++) {
    if (st->joiner[s].pending()) safe = std::min(safe, st->joiner[s].pending_start());
    if (opt_.shaper != nullptr) safe = opt_.shaper->SafeOffset(st->shape[s], safe);
  }
  return safe;
}

}  // namespace lc
