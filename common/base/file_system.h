// FileSystem: the few file operations the tools need, behind an interface
// so rotation, truncation and inode reuse, and the failures of writes (a
// full disk, an I/O error), can be unit-tested with FakeFileSystem
// (testing/fake_file_system.h) instead of real files and sleeps.
//
// Contracts:
//  - A vanished file or directory is NotFound; EACCES and others are IOError.
//  - A File stays readable after its path is renamed or unlinked, as an open
//    descriptor does, so a rotated or deleted file can be drained to EOF.
//  - Open(path, root, beneath) confines the files of a container, which
//    controls its own symlinks, so it cannot point a host-side reader at a
//    host file (the class of CVE-2017-1002101):
//      * `path` under `root` (the container's "/"): every symlink is
//        resolved as if `root` were "/" (openat2 RESOLVE_IN_ROOT);
//      * else, with `beneath` (a trusted host directory, e.g. an overlay
//        upper dir or a volume's source): `path` must resolve without leaving
//        it (RESOLVE_BENEATH: no absolute symlink, no "..").
//    A refusal is IOError "<path>: symlink leaves the container, not followed".
//    With `root` empty, it is a plain open (the host's own files).
//  - Writes: a WritableFile appends all it is given or returns IOError
//    (ENOSPC, EIO: the message names the path and the reason); what a
//    failed write left behind is the caller's to remove (Remove).
#ifndef LC_COMMON_FILE_SYSTEM_H_
#define LC_COMMON_FILE_SYSTEM_H_

#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/base/status.h"

namespace lc {

struct FileInfo {
  uint64_t dev = 0;
  uint64_t ino = 0;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t nlink = 1;
  bool is_dir = false;
  bool is_regular = false;
  bool is_symlink = false;  // only from Lstat
};

class File {
 public:
  virtual ~File() = default;
  virtual Status Stat(FileInfo* info) = 0;
  // Reads up to n bytes at offset; *got == 0 at end of file.
  virtual Status ReadAt(int64_t offset, char* buf, size_t n, size_t* got) = 0;
};

// A file open for writing.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Writes all of [p, p+n) at the end; IOError if the file cannot take it.
  virtual Status Append(const char* p, size_t n) = 0;
  // fsync(2): the data is on disk when this returns OK.
  virtual Status Sync() = 0;
  // Cuts the file to `size` bytes: how an append that failed halfway is undone.
  virtual Status Truncate(int64_t size) = 0;
};

enum class WriteMode {
  kTruncate,   // create or empty it
  kExclusive,  // create; AlreadyExists-like IOError if it is there
  kAppend,     // create or append to it
};

class RootedFileSystem;

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual Status Open(const std::string& path, const std::string& root,
                      const std::string& beneath, std::unique_ptr<File>* file) = 0;
  virtual Status Stat(const std::string& path, FileInfo* info) = 0;  // follows symlinks
  virtual Status Lstat(const std::string& path, FileInfo* info) = 0;
  // The target of the symlink `path` (readlink(2)); IOError if it is not
  // one.  The default (a FileSystem without symlinks) always says so.
  virtual Status ReadLink(const std::string& path, std::string* target);
  // Names in `dir`, without "." and "..".
  virtual Status ListDir(const std::string& dir, std::vector<std::string>* names) = 0;
  // The entries of `dir` whose name `want` accepts, with Stat() of each
  // (entries that vanish meanwhile are left out).  One directory lookup,
  // not one path walk per entry: this is the stat poll's inner loop.
  virtual Status ListDirStat(const std::string& dir, const std::function<bool(const char*)>& want,
                             std::vector<std::pair<std::string, FileInfo>>* entries);

  // Opens `path` for writing, created with `mode` (e.g. 0600).
  virtual Status OpenForWrite(const std::string& path, WriteMode how, int mode,
                              std::unique_ptr<WritableFile>* file) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Removes a file; a file already gone is OK.
  virtual Status Remove(const std::string& path) = 0;
  // fsync(2) of a directory, so a rename or create in it is durable.
  virtual Status SyncDir(const std::string& dir) = 0;
  // mkdir -p, each directory created with `mode`.
  virtual Status MakeDirectories(const std::string& dir, int mode) = 0;

  // The lookups of a watch whose files belong to a container (root, and
  // beneath: the directory its pattern names, see Open), resolved as Open
  // resolves its files (rooted_file_system.h).  null: this FileSystem has
  // no symlinks to confine (the default, for test doubles), use it as is.
  virtual std::unique_ptr<RootedFileSystem> Within(const std::string& root, const std::string& beneath);
};

// The real filesystem (POSIX, openat2 on Linux).
FileSystem* RealFileSystem();

// Whether `path` names something strictly below the directory `dir`
// (textually; "" and "/" have nothing below them here: a root of "/"
// confines nothing).
bool PathIsBelow(const std::string& path, const std::string& dir);
// A FileInfo from stat(2)'s answer.
void FileInfoFromStat(const struct stat& st, FileInfo* info);
// The refusal of a path whose resolution leaves the container (see Open).
Status LinkLeavesContainer(const std::string& path);

// "a/b/c" -> "a/b"; "/c" -> "/"; "c" -> ".".
std::string DirName(const std::string& path);
// "a/b/c" -> "c".
std::string BaseName(const std::string& path);
// `path` made absolute against the current directory (not resolved).
std::string AbsolutePath(const std::string& path);
// Joins with exactly one '/'.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace lc

#endif  // LC_COMMON_FILE_SYSTEM_H_
