// CountingFileSystem: a FileSystem that passes every call to another and
// counts the Opens of each path, so a test can say which files a scan read
// (and which it only stat'ed).
#ifndef LC_TESTING_COUNTING_FILE_SYSTEM_H_
#define LC_TESTING_COUNTING_FILE_SYSTEM_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/base/file_system.h"

namespace lc {

class CountingFileSystem : public FileSystem {
 public:
  explicit CountingFileSystem(FileSystem* base) : base_(base) {}
  int opens(const std::string& path) const {
    auto it = opens_.find(path);
    return it == opens_.end() ? 0 : it->second;
  }
  int total_opens() const {
    int n = 0;
    for (const auto& [p, k] : opens_) n += k;
    return n;
  }
  void Reset() { opens_.clear(); }

  Status Open(const std::string& path, const std::string& root, const std::string& beneath,
              std::unique_ptr<File>* file) override {
    opens_[path]++;
    return base_->Open(path, root, beneath, file);
  }
  Status Stat(const std::string& path, FileInfo* info) override { return base_->Stat(path, info); }
  Status Lstat(const std::string& path, FileInfo* info) override { return base_->Lstat(path, info); }
  Status ListDir(const std::string& dir, std::vector<std::string>* names) override {
    return base_->ListDir(dir, names);
  }
  Status OpenForWrite(const std::string& path, WriteMode how, int mode,
                      std::unique_ptr<WritableFile>* file) override {
    return base_->OpenForWrite(path, how, mode, file);
  }
  Status Rename(const std::string& from, const std::string& to) override { return base_->Rename(from, to); }
  Status Remove(const std::string& path) override { return base_->Remove(path); }
  Status SyncDir(const std::string& dir) override { return base_->SyncDir(dir); }
  Status MakeDirectories(const std::string& dir, int mode) override { return base_->MakeDirectories(dir, mode); }

 private:
  FileSystem* base_;
  std::map<std::string, int> opens_;
};

}  // namespace lc

#endif  // LC_TESTING_COUNTING_FILE_SYSTEM_H_
