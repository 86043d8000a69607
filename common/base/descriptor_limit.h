// RaiseDescriptorLimit: RLIMIT_NOFILE's soft limit raised to the hard one.
// systemd's default soft limit is 1024, its hard limit far higher; a tool
// that keeps a descriptor per followed file (lc-tail) or per pseudo-file it
// samples (lc-metrics) needs more on a busy node.
#ifndef LC_COMMON_BASE_DESCRIPTOR_LIMIT_H_
#define LC_COMMON_BASE_DESCRIPTOR_LIMIT_H_

#include <cstdint>

namespace lc {

// Returns the soft limit now in force (0 if it cannot be read).
int64_t RaiseDescriptorLimit();

}  // namespace lc

#endif  // LC_COMMON_BASE_DESCRIPTOR_LIMIT_H_
