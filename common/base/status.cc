#include "common/base/status.h"

#include <cerrno>
#include <cstring>

namespace lc {

Status Status::FromErrno(const std::string& what, int err) {
  std::string msg = what + ": " + std::strerror(err);
  if (err == ENOENT || err == ENOTDIR) return NotFound(std::move(msg));
  return IOError(std::move(msg));
}

}  // namespace lc
