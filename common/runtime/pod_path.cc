#include "common/runtime/pod_path.h"

#include <vector>

namespace lc {

bool ParsePodPath(const std::string& path, PodPath* out) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (parts.size() < 3) return false;
  const std::string& dir = parts[parts.size() - 3];
  const std::string& file = parts.back();
  size_t a = dir.find('_'), b = dir.rfind('_');
  if (a == std::string::npos || a == b || a == 0 || b + 1 >= dir.size()) return false;
  size_t dot = file.find(".log");
  if (dot == std::string::npos || dot == 0) return false;
  for (size_t k = 0; k < dot; k++) {
    if (file[k] < '0' || file[k] > '9') return false;
  }
  out->ns = dir.substr(0, a);
  out->pod = dir.substr(a + 1, b - a - 1);
  out->uid = dir.substr(b + 1);
  out->container = parts[parts.size() - 2];
  out->restart = file.substr(0, dot);
  return true;
}

}  // namespace lc
