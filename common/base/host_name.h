// HostName: the name this node goes by in records ("host.name") and in the
// archive's file names.  $LCTK_HOSTNAME when set and not empty (in a pod, the
// node's name comes from the downward API, since the pod's own hostname is
// the pod's name), else gethostname(2), else "localhost".
#ifndef LC_COMMON_HOST_NAME_H_
#define LC_COMMON_HOST_NAME_H_

#include <string>

namespace lc {

std::string HostName();

}  // namespace lc

#endif  // LC_COMMON_HOST_NAME_H_
