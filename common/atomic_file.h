// Atomic file replacement: how every state file (checkpoints, commit files)
// is written, so a crash at any moment leaves either the old or the new
// content, never a mix.  Steps: write a temp file beside the target (mode
// 0600), fsync it, rename it over the target, fsync the directory.
#ifndef LC_COMMON_ATOMIC_FILE_H_
#define LC_COMMON_ATOMIC_FILE_H_

#include <string>

#include "common/status.h"

namespace lc {

Status WriteFileAtomically(const std::string& path, const std::string& contents);

// Reads a whole file.  NotFound if it does not exist.
Status ReadWholeFile(const std::string& path, std::string* contents);

}  // namespace lc

#endif  // LC_COMMON_ATOMIC_FILE_H_
