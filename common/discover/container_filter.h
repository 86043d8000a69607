// ContainerFilter: which containers discovery announces (lc-discover(1)).
//
// Kinds: label, env, image, k8s namespace, k8s pod, k8s container.  A value
// is an exact string, or a PCRE2 regex when written "^…$"; for labels and
// env an empty value means "the key is present".  Includes of one kind are
// OR'ed (a kind with no include passes everything), kinds are AND'ed, and
// any matching exclude rejects ("everything but kube-system" is
// --exclude-k8s-namespace kube-system, no negative regex).
#ifndef LC_COMMON_CONTAINER_FILTER_H_
#define LC_COMMON_CONTAINER_FILTER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/stream/container_event.h"
#include "common/base/status.h"

namespace lc {

struct FilterSpec {
  using KeyValues = std::vector<std::pair<std::string, std::string>>;
  KeyValues include_label, exclude_label, include_env, exclude_env;
  std::vector<std::string> include_image, exclude_image;
  std::vector<std::string> k8s_namespace, k8s_pod, k8s_container;  // includes
  // Excludes: a container outside Kubernetes matches none of them.
  std::vector<std::string> exclude_k8s_namespace, exclude_k8s_pod, exclude_k8s_container;
};

// One value: exact, "^regex$", or (where `empty_is_any`) "" for anything.
class ValueMatcher {
 public:
  // InvalidArgument for a regex that does not compile (names it and why).
  static Status Create(const std::string& value, bool empty_is_any, ValueMatcher* out);
  bool Matches(const std::string& s) const;

 private:
  struct Regex;
  std::string exact_;
  bool any_ = false;
  std::shared_ptr<Regex> regex_;
};

class ContainerFilter {
 public:
  // An empty spec accepts every container.
  static Status Create(const FilterSpec& spec, ContainerFilter* out);
  bool Matches(const ContainerInfo& c) const;

 private:
  struct KeyMatcher {
    std::string key;
    ValueMatcher value;
  };
  using Keyed = std::vector<KeyMatcher>;
  using Plain = std::vector<ValueMatcher>;
  static Status Build(const FilterSpec::KeyValues& in, const char* flag, Keyed* out);
  static Status Build(const std::vector<std::string>& in, const char* flag, Plain* out);
  static bool AnyKeyed(const Keyed& m, const std::map<std::string, std::string>& kv);
  static bool AnyPlain(const Plain& m, const std::string& s);

  Keyed include_label_, exclude_label_, include_env_, exclude_env_;
  Plain include_image_, exclude_image_, k8s_namespace_, k8s_pod_, k8s_container_;
  Plain exclude_k8s_namespace_, exclude_k8s_pod_, exclude_k8s_container_;
};

}  // namespace lc

#endif  // LC_COMMON_CONTAINER_FILTER_H_
