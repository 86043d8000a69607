#include "common/tail/rotated_generations.h"

#include <algorithm>
#include <cctype>

namespace lc {

bool ParseGenerationName(const std::string& base, const std::string& name, bool* compressed,
                         bool* numbered, std::string* order) {
  if (name.size() < base.size() + 2 || name.compare(0, base.size(), base) != 0) return false;
  std::string suffix = name.substr(base.size());
  *compressed = suffix.size() > 3 && suffix.compare(suffix.size() - 3, 3, ".gz") == 0;
  if (*compressed) suffix.resize(suffix.size() - 3);
  if (suffix.size() < 2 || (suffix[0] != '.' && suffix[0] != '-' && suffix[0] != '_')) return false;
  std::string digits;
  for (size_t i = 1; i < suffix.size(); i++) {
    char c = suffix[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c != '-' && c != '_') {
      return false;  // "x.log.old", "x.log.tmp", "x.log.1.bz2": not ours
    }
  }
  if (digits.empty()) return false;
  // A short plain number is logrotate's index; anything with 8 digits or
  // more (or a separator) is a date or a time.
  *numbered = digits.size() < 8 && digits.size() == suffix.size() - 1 && suffix[0] == '.';
  if (*numbered) {
    // Bigger index: older.  Ordered as a string, so pad to 8 digits and
    // invert.
    long n = std::stol(digits);
    char buf[32];
    snprintf(buf, sizeof buf, "%08ld", 99999999 - n);
    *order = buf;
  } else {
    *order = digits;
  }
  return true;
}

Status FindGenerations(FileSystem* fs, const std::string& path, std::vector<Generation>* out) {
  out->clear();
  std::vector<std::string> names;
  const std::string dir = DirName(path), base = BaseName(path);
  Status s = fs->ListDir(dir, &names);
  if (!s.ok()) return s;
  struct Found {
    Generation g;
    bool numbered;
    std::string order;
  };
  std::vector<Found> found;
  for (const std::string& name : names) {
    Found f;
    if (!ParseGenerationName(base, name, &f.g.compressed, &f.numbered, &f.order)) continue;
    f.g.path = JoinPath(dir, name);
    Status st = fs->Lstat(f.g.path, &f.g.info);
    if (st.IsNotFound() && !f.g.compressed &&
        std::find(names.begin(), names.end(), name + ".gz") == names.end()) {
      f.g.path += ".gz";  // compressed since the listing
      f.g.compressed = true;
      st = fs->Lstat(f.g.path, &f.g.info);
    }
    if (!st.ok() || !f.g.info.is_regular) continue;
    found.push_back(std::move(f));
  }
  bool one_scheme = std::all_of(found.begin(), found.end(),
                                [&](const Found& f) { return f.numbered == found[0].numbered; });
  std::sort(found.begin(), found.end(), [&](const Found& a, const Found& b) {
    if (one_scheme && a.order != b.order) {
      if (a.order.size() != b.order.size()) return a.order.size() < b.order.size();
      return a.order < b.order;
    }
    if (a.g.info.mtime_ns != b.g.info.mtime_ns) return a.g.info.mtime_ns < b.g.info.mtime_ns;
    // The same index or date, or the same mtime: the uncompressed one was
    // made last (gzip writes the .gz, then removes the original).
    if (a.g.compressed != b.g.compressed) return a.g.compressed;
    return a.g.path < b.g.path;
  });
  for (Found& f : found) out->push_back(std::move(f.g));
  return Status::OK();
}

Status OpenGeneration(FileSystem* fs, const std::string& root, const std::string& beneath, Generation* g,
                      std::unique_ptr<File>* file) {
  Status s = fs->Open(g->path, root, beneath, file);
  if (!s.IsNotFound() || g->compressed) return s;
  Generation gz = *g;
  gz.path += ".gz";
  gz.compressed = true;
  if (!(s = fs->Lstat(gz.path, &gz.info)).ok() || !(s = fs->Open(gz.path, root, beneath, file)).ok()) return s;
  *g = std::move(gz);
  return s;
}

}  // namespace lc
