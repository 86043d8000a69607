#include "common/discover/filter_flags.h"

#include <cstdio>

#include "common/base/cli.h"

namespace lc {

void FilterFlags::AddTo(CLI::App* app) {
  app->add_option("--include-label", include_label_, "K=V: only containers with this label (repeatable)");
  app->add_option("--exclude-label", exclude_label_, "K=V: never containers with this label (repeatable)");
  app->add_option("--include-env", include_env_, "K=V: only containers with this environment variable (repeatable)");
  app->add_option("--exclude-env", exclude_env_, "K=V: never containers with this environment variable (repeatable)");
  app->add_option("--include-image", spec_.include_image, "Only containers of this image (repeatable)");
  app->add_option("--exclude-image", spec_.exclude_image, "Never containers of this image (repeatable)");
  app->add_option("--k8s-namespace", spec_.k8s_namespace, "Only pods in this namespace (repeatable)");
  app->add_option("--k8s-pod", spec_.k8s_pod, "Only this pod (repeatable)");
  app->add_option("--k8s-container", spec_.k8s_container, "Only this container of a pod (repeatable)");
  app->add_option("--exclude-k8s-namespace", spec_.exclude_k8s_namespace, "Never pods in this namespace (repeatable)");
  app->add_option("--exclude-k8s-pod", spec_.exclude_k8s_pod, "Never this pod (repeatable)");
  app->add_option("--exclude-k8s-container", spec_.exclude_k8s_container, "Never this container of a pod (repeatable)");
}

bool FilterFlags::Build(const char* tool, ContainerFilter* out) {
  if (!ParseKeyValues(include_label_, tool, "--include-label", &spec_.include_label) ||
      !ParseKeyValues(exclude_label_, tool, "--exclude-label", &spec_.exclude_label) ||
      !ParseKeyValues(include_env_, tool, "--include-env", &spec_.include_env) ||
      !ParseKeyValues(exclude_env_, tool, "--exclude-env", &spec_.exclude_env)) {
    return false;
  }
  if (Status s = ContainerFilter::Create(spec_, out); !s.ok()) {
    std::fprintf(stderr, "%s: %s\n", tool, s.message().c_str());
    return false;
  }
  return true;
}

}  // namespace lc
