// ProcFile: reading the small pseudo-files of /proc and /sys/fs/cgroup
// (cgroup statistics, /proc/<pid>/cgroup, net/dev) through a FileSystem, so
// the readers are unit-tested on fixture trees, and parsing their numbers.
//
// Contract: a file that is not there (the container is gone, or this kernel
// has no such file) is NotFound; EACCES and other failures are IOError.
// Pseudo-files report size 0, so a read goes on until a short read(2).
#ifndef LC_COMMON_METRICS_PROC_FILE_H_
#define LC_COMMON_METRICS_PROC_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/file_system.h"
#include "common/base/status.h"

namespace lc {

// The whole content of `path` (up to 1 MiB: these files are small).
Status ReadProcFile(FileSystem* fs, const std::string& path, std::string* out);

// The whole text of `file` from offset 0.  A read shorter than asked is the
// end: Linux's seq_file and kernfs fill a read until their text ends, and
// this saves the read(2) that would return 0.
Status ReadWholeText(File* file, const std::string& path, std::string* out);

// The line of `text` at *pos (without its newline), *pos moved past it;
// false at the end.  The loop of every reader here:
//   size_t pos = 0; std::string_view line; while (NextLine(text, &pos, &line)) …
bool NextLine(std::string_view text, size_t* pos, std::string_view* line);

// A non-negative decimal integer, surrounding blanks and a newline allowed.
// False for anything else ("max", "", "-1", an overflow).
bool ParseCount(std::string_view text, int64_t* value);

// The value of `key` in a "key value" per line file (cpu.stat,
// memory.stat, memory.events, memory.oom_control); false when absent.
bool FindKeyedCount(std::string_view text, std::string_view key, int64_t* value);

}  // namespace lc

#endif  // LC_COMMON_METRICS_PROC_FILE_H_
