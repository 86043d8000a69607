// PodPath: the Kubernetes fields in a kubelet pods-directory path,
//   /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log
// (also rotated names such as 0.log.20261125-054045 and .gz).  Namespace and
// pod names cannot hold '_' (DNS-1123), so the directory splits at the first
// and last '_'; for a static pod, the "uid" is the config hash.
#ifndef LC_COMMON_POD_PATH_H_
#define LC_COMMON_POD_PATH_H_

#include <string>

namespace lc {

struct PodPath {
  std::string ns, pod, uid, container, restart;
};

// False if `path` is not in that layout.
bool ParsePodPath(const std::string& path, PodPath* out);

}  // namespace lc

#endif  // LC_COMMON_POD_PATH_H_
