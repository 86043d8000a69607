#include "common/tail/path_glob.h"

#include <fnmatch.h>

namespace lc {
namespace {

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find('/', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) parts.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

}  // namespace

bool HasGlobMagic(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

PathGlob::PathGlob(const std::string& pattern)
    : pattern_(pattern), absolute_(!pattern.empty() && pattern[0] == '/'), segs_(Split(pattern)) {
  if (!segs_.empty() && segs_.back() == "**") segs_.push_back("*");
}

void PathGlob::Expand(FileSystem* fs, std::vector<Match>* files,
                      std::vector<std::string>* dirs) const {
  std::vector<Searched> searched;
  Expand(fs, files, &searched);
  for (Searched& d : searched) dirs->push_back(std::move(d.dir));
}

void PathGlob::Expand(FileSystem* fs, std::vector<Match>* files, std::vector<Searched>* dirs) const {
  if (segs_.empty()) return;
  ExpandFrom(fs, absolute_ ? "/" : ".", 0, files, dirs);
}

void PathGlob::ExpandFrom(FileSystem* fs, const std::string& dir, size_t i,
                          std::vector<Match>* files, std::vector<Searched>* dirs) const {
  const std::string& seg = segs_[i];
  bool last = i + 1 == segs_.size();
  auto join = [&](const std::string& name) {
    return (dir == "." && !absolute_) ? name : JoinPath(dir, name);
  };
  if (seg == "**") {
    ExpandFrom(fs, dir, i + 1, files, dirs);  // zero directories
    std::vector<std::string> names;
    if (!fs->ListDir(dir, &names).ok()) return;
    dirs->push_back({dir, seg, false});
    for (const std::string& name : names) {
      if (name[0] == '.') continue;
      std::string p = join(name);
      FileInfo info;
      if (fs->Lstat(p, &info).ok() && info.is_dir) ExpandFrom(fs, p, i, files, dirs);
    }
    return;
  }
  if (!HasGlobMagic(seg)) {
    std::string p = join(seg);
    FileInfo info;
    dirs->push_back({dir, seg, last});
    if (!fs->Stat(p, &info).ok()) return;
    if (last) {
      if (info.is_regular) files->push_back({p, info});
    } else if (info.is_dir) {
      ExpandFrom(fs, p, i + 1, files, dirs);
    }
    return;
  }
  std::vector<std::pair<std::string, FileInfo>> entries;
  auto match = [&](const char* name) { return fnmatch(seg.c_str(), name, FNM_PERIOD) == 0; };
  if (!fs->ListDirStat(dir, match, &entries).ok()) return;
  dirs->push_back({dir, seg, last});
  for (const auto& [name, info] : entries) {
    std::string p = join(name);
    if (last) {
      if (info.is_regular) files->push_back({p, info});
    } else if (info.is_dir) {
      ExpandFrom(fs, p, i + 1, files, dirs);
    }
  }
}

std::string PathGlob::LiteralDir() const {
  std::string dir = absolute_ ? "/" : ".";
  for (size_t i = 0; i + 1 < segs_.size() && !HasGlobMagic(segs_[i]); i++) dir = JoinPath(dir, segs_[i]);
  return dir;
}

bool PathGlob::Matches(const std::string& path) const {
  if (pattern_.find('/') == std::string::npos) {
    return fnmatch(pattern_.c_str(), BaseName(path).c_str(), FNM_PERIOD) == 0;
  }
  return MatchFrom(Split(path), 0, 0);
}

bool PathGlob::MatchFrom(const std::vector<std::string>& parts, size_t pi, size_t si) const {
  if (si == segs_.size()) return pi == parts.size();
  if (segs_[si] == "**") {
    for (size_t k = pi; k <= parts.size(); k++) {
      if (MatchFrom(parts, k, si + 1)) return true;
    }
    return false;
  }
  if (pi == parts.size()) return false;
  if (fnmatch(segs_[si].c_str(), parts[pi].c_str(), FNM_PERIOD) != 0) return false;
  return MatchFrom(parts, pi + 1, si + 1);
}

}  // namespace lc
