// ParseContainerdBundle on a config.json copied from a real containerd 1.6
// run (tests/fixtures/discover/containerd_bundle_config.json: ctr run with
// the CRI plugin's annotations and a bind mount).
#include "common/discover/containerd_bundle.h"

#include <gtest/gtest.h>

#include "testing/fixture.h"

namespace lc {
namespace {

std::string Fixture(const std::string& name) { return ReadFixture("discover/" + name); }

const char* kBundle = "/run/containerd/io.containerd.runtime.v2.task/k8s.io/web-dsc";

TEST(ContainerdBundleTest, RealBundleGivesRootMountsEnvAndCriIdentity) {
  ContainerInfo c;
  Status s = ParseContainerdBundle(Fixture("containerd_bundle_config.json"), {kBundle, ""}, &c);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(c.id, "web-dsc");
  EXPECT_EQ(c.name, "nginx");
  EXPECT_EQ(c.image, "docker.io/lc-test/busybox:latest");
  EXPECT_EQ(c.runtime, "containerd");
  EXPECT_EQ(c.state, "running");
  EXPECT_EQ(c.rootfs, std::string(kBundle) + "/rootfs");
  EXPECT_EQ(c.env.at("APP_MODE"), "prod");
  ASSERT_EQ(c.mounts.size(), 1u);  // proc, tmpfs, sysfs... are not host paths
  EXPECT_EQ(c.mounts[0].source, "/tmp/dsc/h");
  EXPECT_EQ(c.mounts[0].destination, "/var/log/app");
  EXPECT_TRUE(c.mounts[0].rw);
  EXPECT_EQ(c.k8s.namespace_name, "prod");
  EXPECT_EQ(c.k8s.pod, "web-0");
  EXPECT_EQ(c.k8s.pod_uid, "uid-1");
  EXPECT_EQ(c.k8s.container, "nginx");
  EXPECT_FALSE(c.sandbox);
  EXPECT_EQ(c.labels.at("io.kubernetes.cri.sandbox-id"), "sbx1");
}

TEST(ContainerdBundleTest, HostRootPrefixesHostPathsAndReadOnlyMounts) {
  std::string j = Fixture("containerd_bundle_config.json");
  size_t at = j.find("\"rbind\"");
  ASSERT_NE(at, std::string::npos);
  j.replace(at, 7, "\"rbind\", \"ro\"");
  ContainerInfo c;
  ASSERT_TRUE(ParseContainerdBundle(j, {kBundle, "/host"}, &c).ok());
  EXPECT_EQ(c.rootfs, std::string("/host") + kBundle + "/rootfs");
  EXPECT_EQ(c.mounts.at(0).source, "/host/tmp/dsc/h");
  EXPECT_FALSE(c.mounts.at(0).rw);
}

TEST(ContainerdBundleTest, SandboxIsMarkedAndAbsoluteRootKept) {
  std::string j = Fixture("containerd_bundle_config.json");
  std::string from = "io.kubernetes.cri.container-type\":\"container\"";
  size_t at = j.find(from);
  ASSERT_NE(at, std::string::npos);
  j.replace(at, from.size(), "io.kubernetes.cri.container-type\":\"sandbox\"");
  at = j.find("\"path\":\"rootfs\"");
  ASSERT_NE(at, std::string::npos);
  j.replace(at, 15, "\"path\":\"/srv/root\"");
  ContainerInfo c;
  ASSERT_TRUE(ParseContainerdBundle(j, {kBundle, ""}, &c).ok());
  EXPECT_TRUE(c.sandbox);
  EXPECT_EQ(c.rootfs, "/srv/root");
}

TEST(ContainerdBundleTest, HalfWrittenOrForeignJsonIsCorruptionNamingTheFile) {
  std::string j = Fixture("containerd_bundle_config.json");
  ContainerInfo c;
  Status s = ParseContainerdBundle(j.substr(0, j.size() / 2), {kBundle, ""}, &c);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find(std::string(kBundle) + "/config.json"), std::string::npos) << s.message();
  EXPECT_TRUE(ParseContainerdBundle("{\"ociVersion\":\"1.0\"}", {kBundle, ""}, &c).IsCorruption());
  EXPECT_TRUE(ParseContainerdBundle("", {kBundle, ""}, &c).IsCorruption());
}

}  // namespace
}  // namespace lc
