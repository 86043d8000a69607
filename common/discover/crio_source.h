// CrioSource: CRI-O's and podman's running containers, read from the
// containers/storage directories (crio_container.h) with no call to either:
// the graph root (/var/lib/containers/storage: containers.json and each
// container's userdata/config.json) and the run root
// (/run/containers/storage: userdata/pidfile; CRI-O keeps its bundle's
// config.json there too).  Each directory given is searched for both; a
// container is the union of what they hold under its id.
//
// Running: a stopped container keeps its userdata (and its pidfile) until it
// is removed, so a container counts as running when its root (root.path) is
// an overlay mounted in our mount table (its upperdir and lowerdirs are
// then taken from there, overlay_mounts.h), or else when its pidfile names a live process in the host's /proc
// (under the host root: a DaemonSet's /host/proc is the host's).  When that
// /proc cannot be read at all (no "self" in it), a container with a pidfile
// counts as running: announcing a stopped one costs nothing, missing a
// running one loses its logs.  pid from the
// pidfile, started from the pidfile's mtime, created from containers.json.
// When the spec names no log (no io.kubernetes.cri-o.LogPath), podman's
// default k8s-file log userdata/ctr.log is taken if it exists (CRI format).
// A rescan re-reads a config.json, a pidfile or containers.json only when
// its stat stamp changed (parsed_file_cache.h); the mount table is read
// once per scan, when there is a container.
#ifndef LC_COMMON_DISCOVER_CRIO_SOURCE_H_
#define LC_COMMON_DISCOVER_CRIO_SOURCE_H_

#include <string>
#include <vector>

#include "common/discover/container_source.h"
#include "common/discover/crio_container.h"
#include "common/discover/parsed_file_cache.h"

namespace lc {

struct CrioSourceOptions {
  std::vector<std::string> dirs = {"/var/lib/containers/storage", "/run/containers/storage"};
  std::string host_root;
  std::string mountinfo = "/proc/self/mountinfo";  // read as is (our own mount table)
  std::string proc = "/proc";                        // under the host root: the host's processes
};

class CrioSource : public ContainerSource {
 public:
  CrioSource(FileSystem* fs, CrioSourceOptions opt)
      : fs_(fs), opt_(std::move(opt)), indexes_(fs), configs_(fs), pids_(fs) {}
  std::string Describe() const override;
  // OK if any of the directories exists.
  Status Present() override;
  Status Scan(SourceScan* out) override;

 private:
  FileSystem* fs_;
  CrioSourceOptions opt_;
  ParsedFileCache<std::map<std::string, StorageEntry>> indexes_;  // containers.json
  ParsedFileCache<ContainerInfo> configs_;  // config.json, as ParseCrioContainer made it with no entry
  ParsedFileCache<int64_t> pids_;           // pidfile
};

}  // namespace lc

#endif  // LC_COMMON_DISCOVER_CRIO_SOURCE_H_
