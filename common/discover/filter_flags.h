// FilterFlags: lc-discover's container-filter options (--include-label …
// --exclude-k8s-container, lc-discover(1) FILTERS) on a CLI11 app, and the
// ContainerFilter they describe.  lc-render's collection configs name the
// same filters and render them back as these flags (collection_config.h).
#ifndef LC_COMMON_DISCOVER_FILTER_FLAGS_H_
#define LC_COMMON_DISCOVER_FILTER_FLAGS_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/discover/container_filter.h"

namespace lc {

class FilterFlags {
 public:
  void AddTo(CLI::App* app);
  // False, with "<tool>: <flag> …: <why>" on stderr, for a K=V without '='
  // or a regex that does not compile: a usage error (exit 2).
  bool Build(const char* tool, ContainerFilter* out);

 private:
  FilterSpec spec_;
  std::vector<std::string> include_label_, exclude_label_, include_env_, exclude_env_;
};

}  // namespace lc

#endif  // LC_COMMON_DISCOVER_FILTER_FLAGS_H_
