// LstatMemo: a FileSystem that remembers what Lstat and ReadLink said of
// each path, for the span of one container's render.
//
// lc-render resolves every path of every config that matches a container,
// component by component (in_container_resolver.h), so the configs of one
// container lstat the same directories again and again (/var, /var/log ...
// of each).  Renderer::Upsert asks through one memo per container event:
// within it, the answers are those of the first look (a rename meanwhile is
// seen at the container's next event or rescan, as any change after the
// render is).  Every other call goes to the wrapped FileSystem unchanged.
#ifndef LC_COMMON_RENDER_LSTAT_MEMO_H_
#define LC_COMMON_RENDER_LSTAT_MEMO_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/base/file_system.h"

namespace lc {

class LstatMemo : public FileSystem {
 public:
  explicit LstatMemo(FileSystem* base) : base_(base) {}

  Status Lstat(const std::string& path, FileInfo* info) override;
  Status ReadLink(const std::string& path, std::string* target) override;

  Status Open(const std::string& path, const std::string& root, const std::string& beneath,
              std::unique_ptr<File>* file) override {
    return base_->Open(path, root, beneath, file);
  }
  Status Stat(const std::string& path, FileInfo* info) override { return base_->Stat(path, info); }
  Status ListDir(const std::string& dir, std::vector<std::string>* names) override {
    return base_->ListDir(dir, names);
  }
  Status ListDirStat(const std::string& dir, const std::function<bool(const char*)>& want,
                     std::vector<std::pair<std::string, FileInfo>>* entries) override {
    return base_->ListDirStat(dir, want, entries);
  }
  Status OpenForWrite(const std::string& path, WriteMode how, int mode,
                      std::unique_ptr<WritableFile>* file) override {
    return base_->OpenForWrite(path, how, mode, file);
  }
  Status Rename(const std::string& from, const std::string& to) override { return base_->Rename(from, to); }
  Status Remove(const std::string& path) override { return base_->Remove(path); }
  Status SyncDir(const std::string& dir) override { return base_->SyncDir(dir); }
  Status MakeDirectories(const std::string& dir, int mode) override { return base_->MakeDirectories(dir, mode); }
  std::unique_ptr<RootedFileSystem> Within(const std::string& root, const std::string& beneath) override;

 private:
  FileSystem* base_;
  std::map<std::string, std::pair<Status, FileInfo>> lstat_;
  std::map<std::string, std::pair<Status, std::string>> links_;
};

}  // namespace lc

#endif  // LC_COMMON_RENDER_LSTAT_MEMO_H_
