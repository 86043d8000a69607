#include "common/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <mutex>
#include <set>

#include "common/base/file_system.h"

namespace lc {

bool ProcessAlive(long pid) { return pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH); }

int RemoveStaleTemps(const std::string& path, FileSystem* fs, bool (*alive)(long pid)) {
  std::vector<std::string> names;
  if (!fs->ListDir(DirName(path), &names).ok()) return 0;
  std::string prefix = BaseName(path) + ".tmp.";
  int removed = 0;
  for (const std::string& n : names) {
    if (n.size() <= prefix.size() || n.compare(0, prefix.size(), prefix) != 0) continue;
    std::string digits = n.substr(prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    long pid = std::stol(digits);
    if (pid == static_cast<long>(getpid()) || alive(pid)) continue;
    if (fs->Remove(JoinPath(DirName(path), n)).ok()) removed++;
  }
  return removed;
}

Status WriteFileAtomically(const std::string& path, const std::string& contents, FileSystem* fs) {
  {
    static std::mutex mu;
    static std::set<std::string> cleaned;  // paths whose stale temps this process removed
    std::lock_guard<std::mutex> l(mu);
    if (cleaned.insert(path).second) RemoveStaleTemps(path, fs, ProcessAlive);
  }
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  Status st;
  {
    std::unique_ptr<WritableFile> f;
    st = fs->OpenForWrite(tmp, WriteMode::kTruncate, 0600, &f);
    if (!st.ok()) return st;
    st = f->Append(contents.data(), contents.size());
    if (st.ok()) st = f->Sync();
  }
  if (st.ok()) st = fs->Rename(tmp, path);
  if (!st.ok()) {
    fs->Remove(tmp);
    return st;
  }
  fs->SyncDir(DirName(path));  // the rename is done; a failed dir fsync only weakens it
  return Status::OK();
}

Status ReadWholeFile(const std::string& path, std::string* contents) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno(path, errno);
  contents->clear();
  char buf[65536];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      close(fd);
      return Status::FromErrno(path, err);
    }
    if (r == 0) break;
    contents->append(buf, static_cast<size_t>(r));
  }
  close(fd);
  return Status::OK();
}

Status WriteFully(int fd, const char* p, size_t n, const std::string& what) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(what, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::OK();
}

Status SyncDir(const std::string& dir) { return RealFileSystem()->SyncDir(dir); }

Status MakeDirectories(const std::string& dir) { return RealFileSystem()->MakeDirectories(dir, 0755); }

}  // namespace lc
