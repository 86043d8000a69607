#include "common/stream/record_writer.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "common/base/digit_pairs.h"
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

char* WriteRecordEnd(char* d, const std::string& suffix, int64_t end) {
  unsigned char num_bytes[24];
  char* num = reinterpret_cast<char*>(num_bytes);
  char* e = num + sizeof num_bytes;
  char* q = e;
  uint64_t v = static_cast<uint64_t>(end);
  while (v >= 100) {
    q -= 2;
    WriteTwoDigits(q, static_cast<unsigned>(v % 100));
    v /= 100;
  }
  if (v >= 10) {
    q -= 2;
    WriteTwoDigits(q, static_cast<unsigned>(v));
  } else {
    *--q = static_cast<char>('0' + v);
  }
  size_t numlen = static_cast<size_t>(e - q);
  memcpy(d, suffix.data(), suffix.size());
  d += suffix.size();
  // A fixed 20 bytes (the most digits an int64 has, all within num) is one
  // pair of moves, not a call; RecordEndMax leaves room for them.
  memcpy(d, q, 20);
  memcpy(d + numlen, "\"}\n", 3);
  return d + numlen + 3;
}

std::string HostName() {
  const char* env = getenv("LCTK_HOSTNAME");
  if (env != nullptr && *env != 0) return env;
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

char* WriteBodyFields(char* d, const char* p, size_t n, bool truncated) {
  bool valid = true;
  d = EscapeJson(d, p, n, &valid);
  *d++ = '"';
  if (truncated) {
    memcpy(d, ",\"lc.truncated\":true", 20);
    d += 20;
  }
  if (!valid) {
    memcpy(d, ",\"lc.body_base64\":\"", 19);
    d = WriteBase64(d + 19, p, n);
    *d++ = '"';
  }
  return d;
}

}  // namespace lc
