// CrioContainer on a real podman container's files (tests/fixtures/discover/
// crio_*.json: `podman run` with CRI-O's annotations, as lc-discover.bats
// starts them).
#include "common/discover/crio_container.h"

#include <gtest/gtest.h>

#include "testing/fixture.h"

namespace lc {
namespace {

std::string Fixture(const char* name) { return ReadFixture(std::string("discover/") + name); }

const std::string kId = "c9b02ed04dd0d8c1cd5c9fe4423877e9ca164e89247f4a8aac60c3269cc7bcbe";
const std::string kGraph = "/var/lib/containers/storage/overlay-containers";
const std::string kRun = "/run/containers/storage/overlay-containers";
const std::string kMerged = "/tmp/pm/storage/overlay/4c39727a8acadd52581c564b2e3d89814ac931b93dce5568292f3031f43f6b6f/merged";

TEST(CrioContainerTest, PodmanContainerWithCriOAnnotations) {
  std::map<std::string, StorageEntry> index;
  ASSERT_TRUE(ParseStorageContainers(Fixture("crio_containers.json"), &index).ok());
  ASSERT_EQ(1u, index.count(kId));
  EXPECT_EQ("k8s_nginx_web-0", index[kId].name);
  EXPECT_EQ("localhost/lc-test-busybox:latest", index[kId].image_name);
  EXPECT_GT(index[kId].created, 0);
  ContainerInfo c;
  ASSERT_TRUE(ParseCrioContainer(Fixture("crio_userdata_config.json"), &index[kId],
                                 CrioContainerOptions{kGraph + "/" + kId + "/userdata", ""}, &c).ok());
  EXPECT_EQ(kId, c.id);
  EXPECT_EQ("nginx", c.name);
  EXPECT_EQ("docker.io/library/nginx:1.25", c.image);  // CRI-O's annotation over the storage's image name
  EXPECT_EQ("podman", c.runtime);
  EXPECT_EQ(kMerged, c.rootfs);
  EXPECT_EQ("prod", c.k8s.namespace_name);
  EXPECT_EQ("web-0", c.k8s.pod);
  EXPECT_EQ("uid-1", c.k8s.pod_uid);
  EXPECT_EQ("nginx", c.k8s.container);
  EXPECT_FALSE(c.sandbox);
  EXPECT_EQ("nginx", c.labels["app"]);  // from io.kubernetes.cri-o.Labels
  EXPECT_EQ("prod", c.env["APP_MODE"]);
  EXPECT_EQ("/var/log/pods/prod_web-0_uid-1/nginx/0.log", c.log_path);
  EXPECT_EQ("cri", c.log_format);
  bool found = false;
  for (const ContainerMount& m : c.mounts) {
    if (m.destination == "/var/log/app") {
      found = true;
      EXPECT_EQ("/tmp/pm/h", m.source);
      EXPECT_FALSE(m.rw);
    }
  }
  EXPECT_TRUE(found);
}

TEST(CrioContainerTest, HostRootSandboxAndCrioWithoutStorageEntry) {
  std::string config = Fixture("crio_userdata_config.json");
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = config.find(from);
    ASSERT_NE(std::string::npos, at) << from;
    config.replace(at, from.size(), to);
  };
  replace("\"io.container.manager\":\"libpod\"", "\"io.x\":\"y\"");  // CRI-O's, not podman's
  replace("\"io.kubernetes.cri-o.ContainerType\":\"container\"", "\"io.kubernetes.cri-o.ContainerType\":\"sandbox\"");
  ContainerInfo c;
  ASSERT_TRUE(ParseCrioContainer(config, nullptr, CrioContainerOptions{kRun + "/" + kId + "/userdata", "/host"}, &c).ok());
  EXPECT_EQ("crio", c.runtime);
  EXPECT_EQ("/host" + kMerged, c.rootfs);
  EXPECT_EQ("/host/var/log/pods/prod_web-0_uid-1/nginx/0.log", c.log_path);
  EXPECT_EQ(0, c.created);
  EXPECT_TRUE(c.sandbox);
}

TEST(CrioContainerTest, HalfWrittenFilesAreCorruptionNamingTheFile) {
  ContainerInfo c;
  Status s = ParseCrioContainer("{\"ociVersion\":\"1.0", nullptr, CrioContainerOptions{"/s/oc/x/userdata", ""}, &c);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(std::string::npos, s.message().find("/s/oc/x/userdata/config.json")) << s.message();
  std::map<std::string, StorageEntry> index;
  EXPECT_TRUE(ParseStorageContainers("[{\"id\":", &index).IsCorruption());
}

}  // namespace
}  // namespace lc
