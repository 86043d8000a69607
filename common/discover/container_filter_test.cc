#include "common/discover/container_filter.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

ContainerInfo Web() {
  ContainerInfo c;
  c.id = "a";
  c.image = "nginx:1.25";
  c.labels = {{"app", "web"}, {"tier", "front"}};
  c.env = {{"TIER", "front"}, {"SECRET", ""}};
  return c;
}

ContainerInfo Pod(const std::string& ns, const std::string& pod, const std::string& ctr) {
  ContainerInfo c = Web();
  c.k8s.namespace_name = ns;
  c.k8s.pod = pod;
  c.k8s.container = ctr;
  return c;
}

bool Match(const FilterSpec& spec, const ContainerInfo& c) {
  ContainerFilter f;
  Status s = ContainerFilter::Create(spec, &f);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return f.Matches(c);
}

}  // namespace

TEST(ContainerFilterTest, EmptyAcceptsEverything) { EXPECT_TRUE(Match({}, Web())); }

TEST(ContainerFilterTest, ExactAndRegexValues) {
  FilterSpec s;
  s.include_label = {{"app", "web"}};
  EXPECT_TRUE(Match(s, Web()));
  s.include_label = {{"app", "we"}};
  EXPECT_FALSE(Match(s, Web()));  // exact, not a substring
  s.include_label = {{"app", "^w.b$"}};
  EXPECT_TRUE(Match(s, Web()));
  s.include_label = {{"app", "^w$"}};
  EXPECT_FALSE(Match(s, Web()));  // anchored
  s.include_label = {{"app", "w.b"}};
  EXPECT_FALSE(Match(s, Web()));  // no anchors: an exact string with a dot
}

TEST(ContainerFilterTest, EmptyValueMeansKeyPresent) {
  FilterSpec s;
  s.include_env = {{"SECRET", ""}};
  EXPECT_TRUE(Match(s, Web()));
  s.include_env = {{"MISSING", ""}};
  EXPECT_FALSE(Match(s, Web()));
  s = {};
  s.exclude_label = {{"tier", ""}};
  EXPECT_FALSE(Match(s, Web()));
}

TEST(ContainerFilterTest, IncludesOfAKindAreOredKindsAreAnded) {
  FilterSpec s;
  s.include_label = {{"app", "db"}, {"app", "web"}};
  EXPECT_TRUE(Match(s, Web()));
  s.include_image = {"redis"};
  EXPECT_FALSE(Match(s, Web()));
  s.include_image = {"redis", "^nginx:.*$"};
  EXPECT_TRUE(Match(s, Web()));
  s.include_env = {{"TIER", "back"}};
  EXPECT_FALSE(Match(s, Web()));
}

TEST(ContainerFilterTest, AnyExcludeRejects) {
  FilterSpec s;
  s.include_label = {{"app", "web"}};
  s.exclude_image = {"other", "^nginx:1\\..*$"};
  EXPECT_FALSE(Match(s, Web()));
  s.exclude_image = {"other"};
  s.exclude_env = {{"TIER", "^f.*$"}};
  EXPECT_FALSE(Match(s, Web()));
}

TEST(ContainerFilterTest, Kubernetes) {
  FilterSpec s;
  s.k8s_namespace = {"default", "^kube-.*$"};
  EXPECT_TRUE(Match(s, Pod("kube-system", "dns", "coredns")));
  EXPECT_TRUE(Match(s, Pod("default", "web-0", "nginx")));
  EXPECT_FALSE(Match(s, Pod("prod", "web-0", "nginx")));
  EXPECT_FALSE(Match(s, Web()));  // not in a pod at all
  s.k8s_container = {"nginx"};
  EXPECT_FALSE(Match(s, Pod("default", "web-0", "sidecar")));
  s.k8s_pod = {"^web-[0-9]+$"};
  EXPECT_TRUE(Match(s, Pod("default", "web-12", "nginx")));
  EXPECT_FALSE(Match(s, Pod("default", "db-0", "nginx")));
}

TEST(ContainerFilterTest, BadRegexIsAnError) {
  FilterSpec s;
  s.include_label = {{"app", "^(web$"}};
  ContainerFilter f;
  Status st = ContainerFilter::Create(s, &f);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(st.message().find("--include-label app="), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("^(web$"), std::string::npos) << st.message();
}

}  // namespace lc

namespace lc {
namespace {

TEST(ContainerFilterTest, K8sExcludesRejectMatchesOnlyAndPassNonK8s) {
  FilterSpec s;
  s.exclude_k8s_namespace = {"kube-system"};
  EXPECT_FALSE(Match(s, Pod("kube-system", "coredns-1", "coredns")));
  EXPECT_TRUE(Match(s, Pod("prod", "web-0", "nginx")));
  EXPECT_TRUE(Match(s, Web()));  // outside Kubernetes: no exclude applies
  s = {};
  s.exclude_k8s_pod = {"^web-.*$"};
  EXPECT_FALSE(Match(s, Pod("prod", "web-0", "nginx")));
  EXPECT_TRUE(Match(s, Pod("prod", "db-0", "nginx")));
  s = {};
  s.exclude_k8s_container = {"istio-proxy"};
  s.k8s_namespace = {"prod"};
  EXPECT_FALSE(Match(s, Pod("prod", "web-0", "istio-proxy")));
  EXPECT_TRUE(Match(s, Pod("prod", "web-0", "nginx")));
  s = {};
  s.exclude_k8s_namespace = {"^(kube$"};
  ContainerFilter f;
  Status st = ContainerFilter::Create(s, &f);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(st.message().find("--exclude-k8s-namespace"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace lc
