// OciSpec: the part of an OCI runtime spec (a bundle's config.json) that
// says where a container's files are, as every runtime on disk writes it:
// root.path (against the bundle when relative), the bind mounts with their
// host sources (proc, tmpfs, ... have none), process.env and the
// annotations.  containerd's bundles (containerd_bundle.h) and CRI-O's and
// podman's containers/storage (crio_container.h) add what their runtime
// keeps beside it; this reads only the spec.
#ifndef LC_COMMON_DISCOVER_OCI_SPEC_H_
#define LC_COMMON_DISCOVER_OCI_SPEC_H_

#include <map>
#include <string>

#include "common/base/status.h"
#include "common/stream/container_event.h"

namespace lc {

struct OciSpecOptions {
  std::string where;       // the file's name, for errors
  std::string bundle_dir;  // a relative root.path is against this
  std::string host_root;   // prefixed to every host path emitted
};

// Fills labels (from the annotations), env, mounts and rootfs of `out`,
// leaving its other fields alone.  Corruption if `config_json` is not a
// whole spec (no root.path or process: a half-written file).  The members
// it does not read ("linux", "hooks", ...) are only bracket-matched, not
// validated.
Status ParseOciSpec(const std::string& config_json, const OciSpecOptions& opt, ContainerInfo* out);

// One annotation (as ParseOciSpec put them in labels), or "" if absent.
std::string Annotation(const std::map<std::string, std::string>& annotations, const char* key);

}  // namespace lc

#endif  // LC_COMMON_DISCOVER_OCI_SPEC_H_
