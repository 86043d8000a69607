#include "common/base/host_name.h"

#include <unistd.h>

#include <cstdlib>

namespace lc {

std::string HostName() {
  const char* env = getenv("LCTK_HOSTNAME");
  if (env != nullptr && *env != 0) return env;
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0 || buf[0] == 0) return "localhost";
  return buf;
}

}  // namespace lc
