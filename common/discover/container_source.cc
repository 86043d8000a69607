#include "common/discover/container_source.h"

#include <cstdlib>
#include <memory>

namespace lc {

HostProcesses::HostProcesses(FileSystem* fs, std::string proc_dir) : fs_(fs), proc_(std::move(proc_dir)) {
  FileInfo self;
  readable_ = fs_->Stat(JoinPath(proc_, "self"), &self).ok();
}

bool HostProcesses::Gone(int64_t pid) const {
  FileInfo fi;
  return pid > 0 && readable_ && !fs_->Stat(JoinPath(proc_, std::to_string(pid)), &fi).ok();
}

Status ParsePidFile(const std::string& text, int64_t* pid) {
  *pid = std::strtoll(text.c_str(), nullptr, 10);
  return Status::OK();
}

Status ReadSmallFile(FileSystem* fs, const std::string& path, size_t max, std::string* out) {
  std::unique_ptr<File> f;
  if (Status s = fs->Open(path, "", "", &f); !s.ok()) return s;
  out->clear();
  char buf[16384];
  for (;;) {
    size_t got = 0;
    if (Status s = f->ReadAt(static_cast<int64_t>(out->size()), buf, sizeof buf, &got); !s.ok()) return s;
    if (got == 0) return Status::OK();
    out->append(buf, got);
    if (out->size() > max) return Status::Corruption(path + ": larger than " + std::to_string(max) + " bytes");
  }
}

}  // namespace lc
