#include "common/record_writer.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "common/duration.h"
#include "common/json_escape.h"

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
  std::string* o = out_->buffer();
  o->append(head_, sizeof head_);
  AppendBodyFields(o, p, n, truncated);
  AppendRecordEnd(o, Suffix(f), end);
  out_->MaybeFlush();
}

void AppendRecordEnd(std::string* o, const std::string& suffix, int64_t end) {
  char num[24];
  char* e = num + sizeof num;
  char* q = e;
  uint64_t v = static_cast<uint64_t>(end);
  do {
    *--q = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  size_t at = o->size();
  size_t numlen = static_cast<size_t>(e - q);
  o->resize(at + suffix.size() + numlen + 3);
  char* d = &(*o)[at];
  memcpy(d, suffix.data(), suffix.size());
  memcpy(d + suffix.size(), q, numlen);
  memcpy(d + suffix.size() + numlen, "\"}\n", 3);
}

std::string HostName() {
  const char* env = getenv("LCTK_HOSTNAME");
  if (env != nullptr && *env != 0) return env;
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

void AppendBodyFields(std::string* o, const char* p, size_t n, bool truncated) {
  bool valid = AppendJsonEscaped(o, p, n);
  o->push_back('"');
  if (truncated) o->append(",\"lc.truncated\":true", 20);
  if (!valid) {
    o->append(",\"lc.body_base64\":\"", 19);
    AppendBase64(o, p, n);
    o->push_back('"');
  }
}

}  // namespace lc
