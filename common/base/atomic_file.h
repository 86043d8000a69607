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
// target keeps its old content and no temp file is left.  The temp file is
// "<path>.tmp.<pid>", so two processes never write the same one; the first
// write of a path in a process also removes the temps that dead processes
// left (killed between write and rename): RemoveStaleTemps.
Status WriteFileAtomically(const std::string& path, const std::string& contents,
                           FileSystem* fs = RealFileSystem());

// Removes "<path>.tmp.<pid>" beside `path` for each pid that `alive` says
// is gone (kill -9 of a writer leaves its temp).  A live pid's temp may be a
// write in progress and is kept.  Returns how many were removed.
int RemoveStaleTemps(const std::string& path, FileSystem* fs, bool (*alive)(long pid));
bool ProcessAlive(long pid);  // kill(pid, 0) does not say ESRCH

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
