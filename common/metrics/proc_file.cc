#include "common/metrics/proc_file.h"

#include <memory>

namespace lc {

Status ReadProcFile(FileSystem* fs, const std::string& path, std::string* out) {
  std::unique_ptr<File> f;
  if (Status s = fs->Open(path, "", "", &f); !s.ok()) return s;
  return ReadWholeText(f.get(), path, out);
}

Status ReadWholeText(File* file, const std::string& path, std::string* out) {
  constexpr size_t kChunk = 16384;  // memory.stat, the largest, is ~1.5 KiB
  out->clear();
  for (;;) {
    size_t have = out->size();
    out->resize(have + kChunk);
    size_t got = 0;
    Status s = file->ReadAt(static_cast<int64_t>(have), &(*out)[have], kChunk, &got);
    out->resize(have + (s.ok() ? got : 0));
    if (!s.ok()) return Status::IOError(path + ": " + s.message());
    if (got < kChunk) return Status::OK();
    if (out->size() > (1u << 20)) return Status::Corruption(path + ": larger than 1 MiB");
  }
}

bool ParseCount(std::string_view t, int64_t* value) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.empty()) return false;
  int64_t v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v)) return false;
  }
  *value = v;
  return true;
}

bool NextLine(std::string_view text, size_t* pos, std::string_view* line) {
  if (*pos >= text.size()) return false;
  size_t eol = text.find('\n', *pos);
  if (eol == std::string_view::npos) eol = text.size();
  *line = text.substr(*pos, eol - *pos);
  *pos = eol + 1;
  return true;
}

bool FindKeyedCount(std::string_view text, std::string_view key, int64_t* value) {
  size_t pos = 0;
  std::string_view line;
  while (NextLine(text, &pos, &line)) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 && line[key.size()] == ' ') {
      return ParseCount(line.substr(key.size() + 1), value);
    }
  }
  return false;
}

}  // namespace lc
