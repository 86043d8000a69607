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
    FormatRfc3339Nanos(read_time, time_text_);
    time_cached_ = read_time;
  }
  std::string* o = out_->buffer();
  o->append("{\"time\":\"", 9);
  o->append(time_text_, 30);
  o->append("\",\"body\":\"", 10);
  bool valid = AppendJsonEscaped(o, p, n);
  o->push_back('"');
  if (truncated) o->append(",\"lc.truncated\":true");
  if (!valid) {
    o->append(",\"lc.body_base64\":\"");
    AppendBase64(o, p, n);
    o->push_back('"');
  }
  o->append(Suffix(f));
  char num[24];
  int len = 0;
  uint64_t v = static_cast<uint64_t>(end);
  do {
    num[sizeof num - 1 - len++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  o->append(num + sizeof num - len, static_cast<size_t>(len));
  o->append("\"}\n", 3);
  out_->MaybeFlush();
}

std::string HostName() {
  const char* env = getenv("LCTK_HOSTNAME");
  if (env != nullptr && *env != 0) return env;
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

}  // namespace lc
