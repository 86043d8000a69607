#include "common/metrics/proc_file.h"

#include <memory>

namespace lc {

Status ReadProcFile(FileSystem* fs, const std::string& path, std::string* out) {
  std::unique_ptr<File> f;
  if (Status s = fs->Open(path, "", "", &f); !s.ok()) return s;
  out->clear();
  char buf[4096];
  for (;;) {
    size_t got = 0;
    if (Status s = f->ReadAt(static_cast<int64_t>(out->size()), buf, sizeof buf, &got); !s.ok()) return s;
    if (got == 0) break;
    out->append(buf, got);
    if (out->size() > (1u << 20)) return Status::Corruption(path + ": larger than 1 MiB");
  }
  return Status::OK();
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

bool FindKeyedCount(std::string_view text, std::string_view key, int64_t* value) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 && line[key.size()] == ' ') {
      return ParseCount(line.substr(key.size() + 1), value);
    }
    pos = eol + 1;
  }
  return false;
}

}  // namespace lc
