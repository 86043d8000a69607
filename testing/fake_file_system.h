// FakeFileSystem: an in-memory FileSystem for unit tests of the tailer.
//
// Files have inode numbers that the test controls, so rotation (rename then
// create), copytruncate, deletion while open and inode reuse can be staged
// exactly.  An open File keeps its inode's content alive after the path is
// renamed or removed, as a real descriptor does.
#ifndef LC_COMMON_FAKE_FILE_SYSTEM_H_
#define LC_COMMON_FAKE_FILE_SYSTEM_H_

#include <map>
#include <memory>
#include <set>
#include <string>

#include "common/base/file_system.h"

namespace lc {

class FakeFileSystem : public FileSystem {
 public:
  // Creates (or replaces) `path` with a new inode holding `content`.
  // `ino` 0 picks the next unused inode; otherwise that inode is (re)used.
  void Create(const std::string& path, const std::string& content, uint64_t ino = 0);
  void Append(const std::string& path, const std::string& data);
  void Truncate(const std::string& path, int64_t size);
  void Rename(const std::string& from, const std::string& to);
  void Remove(const std::string& path);
  void Deny(const std::string& path) { denied_.insert(path); }
  void SetMtime(const std::string& path, int64_t mtime_ns) { paths_.at(path)->mtime_ns = mtime_ns; }
  uint64_t InodeOf(const std::string& path) const;

  Status Open(const std::string& path, const std::string& root, const std::string& beneath,
              std::unique_ptr<File>* file) override;
  Status Stat(const std::string& path, FileInfo* info) override;
  Status Lstat(const std::string& path, FileInfo* info) override { return Stat(path, info); }
  Status ListDir(const std::string& dir, std::vector<std::string>* names) override;

  struct Inode {
    uint64_t ino;
    std::string data;
    uint64_t nlink = 1;
    int64_t mtime_ns = 0;
  };

 private:
  std::map<std::string, std::shared_ptr<Inode>> paths_;
  std::set<std::string> denied_;
  uint64_t next_ino_ = 100;
};

}  // namespace lc

#endif  // LC_COMMON_FAKE_FILE_SYSTEM_H_
