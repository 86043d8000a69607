#include "common/render/in_container_resolver.h"

#include <deque>

namespace lc {

namespace {

void Split(const std::string& path, std::deque<std::string>* parts, bool front) {
  std::deque<std::string> got;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) got.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (front) {
    parts->insert(parts->begin(), got.begin(), got.end());
  } else {
    parts->insert(parts->end(), got.begin(), got.end());
  }
}

}  // namespace

Status ResolveInContainer(FileSystem* fs, const ContainerView& view, const std::string& path, bool resolve_last,
                          std::string* out) {
  if (path.empty() || path[0] != '/') return Status::InvalidArgument(path + ": not absolute");
  std::deque<std::string> todo;
  Split(path, &todo, false);
  std::string cur = "/";
  int links = 0;
  bool missing = false;  // a component did not exist: the rest is kept as written
  while (!todo.empty()) {
    std::string c = std::move(todo.front());
    todo.pop_front();
    if (c == ".") continue;
    if (c == "..") {  // cur names no symlink, so ".." is its parent (clamped at "/")
      cur = cur == "/" ? "/" : DirName(cur);
      continue;
    }
    std::string next = cur == "/" ? "/" + c : cur + "/" + c;
    if (missing || (todo.empty() && !resolve_last)) {
      cur = next;
      continue;
    }
    std::string look = view.LookPath(next);
    FileInfo info;
    if (look.empty() || !fs->Lstat(look, &info).ok()) {
      missing = true;
      cur = next;
      continue;
    }
    if (!info.is_symlink) {
      cur = next;
      continue;
    }
    if (++links > 40) return Status::InvalidArgument(path + ": too many levels of symlinks in the container");
    std::string target;
    if (Status s = fs->ReadLink(look, &target); !s.ok()) return s;
    if (target.empty()) return Status::InvalidArgument(path + ": an empty symlink in the container");
    Split(target, &todo, true);
    if (target[0] == '/') cur = "/";
  }
  *out = cur;
  return Status::OK();
}

}  // namespace lc
