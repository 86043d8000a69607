#include "common/render/lstat_memo.h"

#include "common/base/rooted_file_system.h"

namespace lc {

Status LstatMemo::Lstat(const std::string& path, FileInfo* info) {
  auto it = lstat_.find(path);
  if (it == lstat_.end()) {
    FileInfo got;
    Status s = base_->Lstat(path, &got);
    it = lstat_.emplace(path, std::make_pair(s, got)).first;
  }
  *info = it->second.second;
  return it->second.first;
}

Status LstatMemo::ReadLink(const std::string& path, std::string* target) {
  auto it = links_.find(path);
  if (it == links_.end()) {
    std::string got;
    Status s = base_->ReadLink(path, &got);
    it = links_.emplace(path, std::make_pair(s, got)).first;
  }
  *target = it->second.second;
  return it->second.first;
}

std::unique_ptr<RootedFileSystem> LstatMemo::Within(const std::string& root, const std::string& beneath) {
  return base_->Within(root, beneath);
}

}  // namespace lc
