// Durable file writes.  Atomic replacement is how every state file
// (checkpoints, commit files) is written, so a crash at any moment leaves
// either the old or the new content, never a mix.  Steps: write a temp file
// beside the target (mode 0600), fsync it, rename it over the target, fsync
// the directory.  The steps are here too, for files written another way
// (spool segments, archives, sink files).
#ifndef LC_COMMON_ATOMIC_FILE_H_
#define LC_COMMON_ATOMIC_FILE_H_

#include <cstddef>
#include <string>

#include "common/base/file_system.h"
#include "common/base/status.h"

namespace lc {

// Through `fs` (the real file system by default).  On any failure the
// target keeps its old content and no temp file is left.
Status WriteFileAtomically(const std::string& path, const std::string& contents,
                           FileSystem* fs = RealFileSystem());

// Reads a whole file.  NotFound if it does not exist.
Status ReadWholeFile(const std::string& path, std::string* contents);

// write(2) until done; EINTR retried.  Errors name `what`.
Status WriteFully(int fd, const char* p, size_t n, const std::string& what);
// fsync(2) of a directory, so a rename or create in it is durable.
Status SyncDir(const std::string& dir);
// mkdir -p with mode 0755.
Status MakeDirectories(const std::string& dir);

}  // namespace lc

#endif  // LC_COMMON_ATOMIC_FILE_H_
