#include "testing/fake_file_system.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace lc {
namespace {

class FakeFile : public File {
 public:
  FakeFile(std::shared_ptr<FakeFileSystem::Inode> inode, std::shared_ptr<int> open_files = nullptr)
      : inode_(std::move(inode)), open_files_(std::move(open_files)) {
    if (open_files_) ++*open_files_;
  }
  ~FakeFile() override {
    if (open_files_) --*open_files_;
  }
  Status Stat(FileInfo* info) override {
    info->dev = 1;
    info->ino = inode_->ino;
    info->size = static_cast<int64_t>(inode_->data.size());
    info->nlink = inode_->nlink;
    info->mtime_ns = inode_->mtime_ns;
    info->is_regular = true;
    return Status::OK();
  }
  Status ReadAt(int64_t offset, char* buf, size_t n, size_t* got) override {
    if (inode_->vanished) return Status::FromErrno("read", ENODEV);
    const std::string& d = inode_->data;
    if (offset >= static_cast<int64_t>(d.size())) {
      *got = 0;
      return Status::OK();
    }
    *got = std::min(n, d.size() - static_cast<size_t>(offset));
    memcpy(buf, d.data() + offset, *got);
    if (inode_->after_read) {
      std::function<void()> then = std::move(inode_->after_read);
      inode_->after_read = nullptr;
      then();
    }
    return Status::OK();
  }

 private:
  std::shared_ptr<FakeFileSystem::Inode> inode_;
  std::shared_ptr<int> open_files_;  // FakeFileSystem's count of open Files, or null
};

class FakeWritableFile : public WritableFile {
 public:
  FakeWritableFile(FakeFileSystem* fs, std::string path, std::shared_ptr<FakeFileSystem::Inode> inode)
      : fs_(fs), path_(std::move(path)), inode_(std::move(inode)) {}
  Status Append(const char* p, size_t n) override {
    if (int err = fs_->WriteError(path_)) {
      inode_->data.append(p, n / 2);
      return Status::FromErrno(path_, err);
    }
    inode_->data.append(p, n);
    return Status::OK();
  }
  Status Sync() override {
    int err = fs_->SyncError(path_);
    return err ? Status::FromErrno(path_, err) : Status::OK();
  }
  Status Truncate(int64_t size) override {
    inode_->data.resize(static_cast<size_t>(size));
    return Status::OK();
  }

 private:
  FakeFileSystem* fs_;
  std::string path_;
  std::shared_ptr<FakeFileSystem::Inode> inode_;
};

}  // namespace

Status FakeFileSystem::OpenForWrite(const std::string& path, WriteMode how, int mode,
                                    std::unique_ptr<WritableFile>* file) {
  (void)mode;
  if (denied_.count(path)) return Status::IOError(path + ": Permission denied");
  auto it = paths_.find(path);
  if (it != paths_.end() && how == WriteMode::kExclusive) return Status::IOError(path + ": File exists");
  if (it == paths_.end() || how == WriteMode::kTruncate) {
    Create(path, "");
    it = paths_.find(path);
  }
  file->reset(new FakeWritableFile(this, path, it->second));
  return Status::OK();
}

Status FakeFileSystem::SyncDir(const std::string& dir) {
  int err = SyncError(dir);
  return err ? Status::FromErrno(dir, err) : Status::OK();
}

Status FakeFileSystem::MakeDirectories(const std::string& dir, int mode) {
  (void)mode;
  for (size_t i = 1; i <= dir.size(); i++) {
    if (i == dir.size() || dir[i] == '/') dirs_.insert(dir.substr(0, i));
  }
  return Status::OK();
}

std::string FakeFileSystem::Content(const std::string& path) const {
  auto it = paths_.find(path);
  return it == paths_.end() ? std::string() : it->second->data;
}

std::vector<std::string> FakeFileSystem::PathsUnder(const std::string& prefix) const {
  std::vector<std::string> out;
  for (const auto& [p, inode] : paths_) {
    if (p.compare(0, prefix.size(), prefix) == 0) out.push_back(p);
  }
  return out;
}

void FakeFileSystem::Create(const std::string& path, const std::string& content, uint64_t ino) {
  Remove(path);
  auto inode = std::make_shared<Inode>();
  inode->ino = ino != 0 ? ino : next_ino_++;
  inode->data = content;
  paths_[path] = inode;
}

void FakeFileSystem::Append(const std::string& path, const std::string& data) {
  paths_.at(path)->data += data;
}

void FakeFileSystem::Truncate(const std::string& path, int64_t size) {
  paths_.at(path)->data.resize(static_cast<size_t>(size));
}

Status FakeFileSystem::Rename(const std::string& from, const std::string& to) {
  auto it = paths_.find(from);
  if (it == paths_.end()) return Status::NotFound(from + ": No such file or directory");
  auto inode = it->second;
  paths_.erase(it);
  Remove(to);
  paths_[to] = inode;
  return Status::OK();
}

Status FakeFileSystem::Remove(const std::string& path) {
  auto it = paths_.find(path);
  if (it == paths_.end()) return Status::OK();
  it->second->nlink = 0;
  paths_.erase(it);
  return Status::OK();
}

void FakeFileSystem::Vanish(const std::string& path) {
  auto it = paths_.find(path);
  if (it != paths_.end()) it->second->vanished = true;
  Remove(path);
}

uint64_t FakeFileSystem::InodeOf(const std::string& path) const {
  auto it = paths_.find(path);
  return it == paths_.end() ? 0 : it->second->ino;
}

void FakeFileSystem::RunHook(std::map<std::string, std::function<void()>>* hooks, const std::string& key) {
  auto it = hooks->find(key);
  if (it == hooks->end()) return;
  std::function<void()> then = std::move(it->second);
  hooks->erase(it);
  then();
}

Status FakeFileSystem::Open(const std::string& path, const std::string& root,
                            const std::string& beneath, std::unique_ptr<File>* file) {
  RunHook(&before_open_, path);
  if (denied_.count(path)) return Status::IOError(path + ": Permission denied");
  auto it = paths_.find(path);
  if (it == paths_.end()) return Status::NotFound(path + ": No such file or directory");
  if (open_limit_ >= 0 && *open_files_ >= open_limit_) return Status::FromErrno(path, EMFILE);
  file->reset(new FakeFile(it->second, open_files_));
  return Status::OK();
}

Status FakeFileSystem::Stat(const std::string& path, FileInfo* info) {
  auto it = paths_.find(path);
  if (it != paths_.end()) return FakeFile(it->second).Stat(info);
  if (dirs_.count(path)) {
    *info = FileInfo();
    info->is_dir = true;
    info->ino = 1;
    return Status::OK();
  }
  std::string prefix = path.back() == '/' ? path : path + "/";
  for (const auto& [p, inode] : paths_) {
    if (p.compare(0, prefix.size(), prefix) == 0) {
      *info = FileInfo();
      info->is_dir = true;
      info->ino = 1;
      return Status::OK();
    }
  }
  return Status::NotFound(path + ": No such file or directory");
}

Status FakeFileSystem::ListDir(const std::string& dir, std::vector<std::string>* names) {
  names->clear();
  std::string prefix = dir.back() == '/' ? dir : dir + "/";
  bool made = dirs_.count(dir) != 0;
  std::set<std::string> seen;
  for (const auto& [p, inode] : paths_) {
    if (p.compare(0, prefix.size(), prefix) != 0) continue;
    std::string rest = p.substr(prefix.size());
    seen.insert(rest.substr(0, rest.find('/')));
  }
  if (seen.empty() && !made) return Status::NotFound(dir + ": No such file or directory");
  names->assign(seen.begin(), seen.end());
  RunHook(&after_list_, dir);
  return Status::OK();
}

}  // namespace lc
