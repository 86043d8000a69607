#include "common/tail/record_writer.h"

#include <cstring>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/json/json_escape.h"

namespace lc {

void RecordWriter::AppendTags(std::string* out, const Tags& first, const Tags& extra) {
  for (const auto& [k, v] : first) {
    out->append(",");
    AppendJsonString(out, k);
    out->append(":");
    AppendJsonString(out, v);
  }
  for (const auto& [k, v] : extra) {
    bool shadowed = false;
    for (const auto& f : first) shadowed = shadowed || f.first == k;
    if (shadowed) continue;
    out->append(",");
    AppendJsonString(out, k);
    out->append(":");
    AppendJsonString(out, v);
  }
}

const std::string& RecordWriter::Suffix(TailedFile* f) {
  auto* st = static_cast<FileState*>(f->handler_state.get());
  if (st == nullptr) {
    f->handler_state = std::make_shared<FileState>();
    st = static_cast<FileState*>(f->handler_state.get());
  }
  if (st->suffix.empty() || st->path != f->path || st->key != f->key || st->source != f->source) {
    st->path = f->path;
    st->key = f->key;
    st->source = f->source;
    st->suffix.assign(",\"log.file.path\":");
    AppendJsonString(&st->suffix, f->path);
    st->suffix.append(",\"host.name\":");
    AppendJsonString(&st->suffix, host_name_);
    AppendTags(&st->suffix, f->source ? f->source->tags : Tags(), tags_);
    st->suffix.append(",\"lc.cursor\":\"");
    AppendJsonEscaped(&st->suffix, f->key);
    st->suffix.append(":");
  }
  return st->suffix;
}

void RecordWriter::Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
                        int64_t read_time) {
  if (read_time != time_cached_) {
    // {"time":"<30 chars>","body":"  is the same for every line of a read.
    memcpy(head_, "{\"time\":\"", 9);
    FormatRfc3339Nanos(read_time, head_ + 9);
    memcpy(head_ + 39, "\",\"body\":\"", 10);
    time_cached_ = read_time;
  }
  const std::string& suffix = f == chunk_file_ ? *chunk_suffix_ : Suffix(f);
  char* d = out_->Reserve(sizeof head_ + BodyFieldsMax(n) + RecordEndMax(suffix));
  memcpy(d, head_, sizeof head_);
  d = WriteBodyFields(d + sizeof head_, p, n, truncated);
  out_->Commit(WriteRecordEnd(d, suffix, end));
  out_->MaybeFlush();
}

void RecordWriter::Record(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
                          int64_t time, std::string_view fields) {
  const std::string& suffix = f == chunk_file_ ? *chunk_suffix_ : Suffix(f);
  if (time != time_cached_) {
    memcpy(head_, "{\"time\":\"", 9);
    FormatRfc3339Nanos(time, head_ + 9);
    memcpy(head_ + 39, "\",\"body\":\"", 10);
    time_cached_ = time;
  }
  char* d = out_->Reserve(sizeof head_ + BodyFieldsMax(n) + fields.size() + RecordEndMax(suffix));
  memcpy(d, head_, sizeof head_);
  d = WriteBodyFields(d + sizeof head_, p, n, truncated);
  if (!fields.empty()) memcpy(d, fields.data(), fields.size());  // an empty view may hold null: UB in memcpy
  out_->Commit(WriteRecordEnd(d + fields.size(), suffix, end));
  out_->MaybeFlush();
}

}  // namespace lc
