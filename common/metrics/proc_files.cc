#include "common/metrics/proc_files.h"

namespace lc {

Status ProcFiles::Read(const std::string& path, std::string* out) {
  if (auto it = open_.find(path); it != open_.end()) {
    if (ReadWholeText(it->second.get(), path, out).ok()) return Status::OK();
    open_.erase(it);  // gone underneath (ENODEV): ask the path again
    if (budget_ != nullptr) ++*budget_;
  }
  if (missing_.count(path) != 0) return Status::NotFound(path + ": not there");
  std::unique_ptr<File> f;
  Status s = fs_->Open(path, "", "", &f);
  if (s.IsNotFound()) missing_.insert(path);
  if (!s.ok()) return s;
  if (s = ReadWholeText(f.get(), path, out); !s.ok()) return s;
  if (budget_ != nullptr && *budget_ > 0) {
    --*budget_;
    open_.emplace(path, std::move(f));
  }
  return Status::OK();
}

void ProcFiles::Reset() {
  if (budget_ != nullptr) *budget_ += static_cast<int64_t>(open_.size());
  open_.clear();
  missing_.clear();
}

}  // namespace lc
