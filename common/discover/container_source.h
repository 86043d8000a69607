// ContainerSource: a runtime's running containers read from what it keeps
// on disk (containerd's task bundles, the kubelet's pods directory), with no
// API to call, so discovery works when the runtime's API is down, absent or
// of an unexpected version.  SourceApi (source_api.h) turns one or more of
// them into the ContainerApi the discovery loop runs on.
//
// Contracts: Scan is a full snapshot (a container not in it is not running);
// an entry that cannot be read (a config.json being written) is left out and
// named in `problems`, and never stops the scan of the others; a state
// directory that does not exist is NotFound.
#ifndef LC_COMMON_CONTAINER_SOURCE_H_
#define LC_COMMON_CONTAINER_SOURCE_H_

#include <string>
#include <vector>

#include "common/base/file_system.h"
#include "common/base/status.h"
#include "common/stream/container_event.h"

namespace lc {

struct SourceScan {
  std::vector<ContainerInfo> containers;
  std::vector<Status> problems;  // each names its path: reported once, retried next scan
  std::vector<std::string> dirs;  // read by the scan: a change in one calls for a rescan
};

class ContainerSource {
 public:
  virtual ~ContainerSource() = default;
  // What messages name: "containerd /run/containerd".
  virtual std::string Describe() const = 0;
  // OK if the state directory exists; NotFound names it if not.
  virtual Status Present() = 0;
  virtual Status Scan(SourceScan* out) = 0;
};

// The host's processes as a source sees them: `proc_dir` is the host's /proc
// under the host root (a DaemonSet's /host/proc is the host's).  A process
// is gone when that /proc is readable and has no entry for it; when it
// cannot be read at all (no "self" in it), no process is known to be gone,
// so a source keeps a container rather than lose a running one's logs.
class HostProcesses {
 public:
  HostProcesses(FileSystem* fs, std::string proc_dir);
  bool Gone(int64_t pid) const;  // pid > 0, /proc readable, no /proc/<pid>

 private:
  FileSystem* fs_;
  std::string proc_;
  bool readable_;
};

// A pid file's number (as strtoll reads it: 0 when there is none); never fails.
Status ParsePidFile(const std::string& text, int64_t* pid);

// The whole of a small file through `fs` (at most `max` bytes: Corruption beyond).
Status ReadSmallFile(FileSystem* fs, const std::string& path, size_t max, std::string* out);

}  // namespace lc

#endif  // LC_COMMON_CONTAINER_SOURCE_H_
