#include "common/discover/container_filter.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace lc {

struct ValueMatcher::Regex {
  pcre2_code* code = nullptr;
  ~Regex() { pcre2_code_free(code); }
};

Status ValueMatcher::Create(const std::string& value, bool empty_is_any, ValueMatcher* out) {
  ValueMatcher m;
  if (value.empty() && empty_is_any) {
    m.any_ = true;
  } else if (value.size() >= 2 && value.front() == '^' && value.back() == '$') {
    int err = 0;
    PCRE2_SIZE off = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(value.data()), value.size(),
                                     PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err, &off, nullptr);
    if (code == nullptr) {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(err, msg, sizeof msg);
      return Status::InvalidArgument("'" + value + "': bad regex at offset " + std::to_string(off) + ": " +
                                     reinterpret_cast<const char*>(msg));
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // best effort: matching works without JIT
    m.regex_ = std::make_shared<Regex>();
    m.regex_->code = code;
  } else {
    m.exact_ = value;
  }
  *out = std::move(m);
  return Status::OK();
}

bool ValueMatcher::Matches(const std::string& s) const {
  if (any_) return true;
  if (!regex_) return s == exact_;
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(regex_->code, nullptr);
  int rc = pcre2_match(regex_->code, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md, nullptr);
  pcre2_match_data_free(md);
  return rc >= 0;
}

Status ContainerFilter::Build(const FilterSpec::KeyValues& in, const char* flag, Keyed* out) {
  for (const auto& [k, v] : in) {
    KeyMatcher m{k, {}};
    if (Status s = ValueMatcher::Create(v, true, &m.value); !s.ok()) {
      return Status::InvalidArgument(std::string(flag) + " " + k + "=" + s.message());
    }
    out->push_back(std::move(m));
  }
  return Status::OK();
}

Status ContainerFilter::Build(const std::vector<std::string>& in, const char* flag, Plain* out) {
  for (const std::string& v : in) {
    ValueMatcher m;
    if (Status s = ValueMatcher::Create(v, false, &m); !s.ok()) {
      return Status::InvalidArgument(std::string(flag) + " " + s.message());
    }
    out->push_back(std::move(m));
  }
  return Status::OK();
}

Status ContainerFilter::Create(const FilterSpec& spec, ContainerFilter* out) {
  ContainerFilter f;
  Status s;
  if (!(s = Build(spec.include_label, "--include-label", &f.include_label_)).ok() ||
      !(s = Build(spec.exclude_label, "--exclude-label", &f.exclude_label_)).ok() ||
      !(s = Build(spec.include_env, "--include-env", &f.include_env_)).ok() ||
      !(s = Build(spec.exclude_env, "--exclude-env", &f.exclude_env_)).ok() ||
      !(s = Build(spec.include_image, "--include-image", &f.include_image_)).ok() ||
      !(s = Build(spec.exclude_image, "--exclude-image", &f.exclude_image_)).ok() ||
      !(s = Build(spec.k8s_namespace, "--k8s-namespace", &f.k8s_namespace_)).ok() ||
      !(s = Build(spec.k8s_pod, "--k8s-pod", &f.k8s_pod_)).ok() ||
      !(s = Build(spec.k8s_container, "--k8s-container", &f.k8s_container_)).ok() ||
      !(s = Build(spec.exclude_k8s_namespace, "--exclude-k8s-namespace", &f.exclude_k8s_namespace_)).ok() ||
      !(s = Build(spec.exclude_k8s_pod, "--exclude-k8s-pod", &f.exclude_k8s_pod_)).ok() ||
      !(s = Build(spec.exclude_k8s_container, "--exclude-k8s-container", &f.exclude_k8s_container_)).ok()) {
    return s;
  }
  *out = std::move(f);
  return Status::OK();
}

bool ContainerFilter::AnyKeyed(const Keyed& m, const std::map<std::string, std::string>& kv) {
  for (const KeyMatcher& km : m) {
    auto it = kv.find(km.key);
    if (it != kv.end() && km.value.Matches(it->second)) return true;
  }
  return false;
}

bool ContainerFilter::AnyPlain(const Plain& m, const std::string& s) {
  for (const ValueMatcher& vm : m) {
    if (vm.Matches(s)) return true;
  }
  return false;
}

bool ContainerFilter::Matches(const ContainerInfo& c) const {
  if (AnyKeyed(exclude_label_, c.labels) || AnyKeyed(exclude_env_, c.env) ||
      AnyPlain(exclude_image_, c.image)) {
    return false;
  }
  if (c.k8s.present() && (AnyPlain(exclude_k8s_namespace_, c.k8s.namespace_name) ||
                          AnyPlain(exclude_k8s_pod_, c.k8s.pod) || AnyPlain(exclude_k8s_container_, c.k8s.container))) {
    return false;
  }
  if (!include_label_.empty() && !AnyKeyed(include_label_, c.labels)) return false;
  if (!include_env_.empty() && !AnyKeyed(include_env_, c.env)) return false;
  if (!include_image_.empty() && !AnyPlain(include_image_, c.image)) return false;
  // A container outside Kubernetes has no namespace, pod or container name:
  // any k8s include rejects it.
  if (!k8s_namespace_.empty() && (!c.k8s.present() || !AnyPlain(k8s_namespace_, c.k8s.namespace_name))) return false;
  if (!k8s_pod_.empty() && (!c.k8s.present() || !AnyPlain(k8s_pod_, c.k8s.pod))) return false;
  if (!k8s_container_.empty() && (!c.k8s.present() || !AnyPlain(k8s_container_, c.k8s.container))) return false;
  return true;
}

}  // namespace lc
