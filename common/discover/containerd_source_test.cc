// ContainerdSource and PodsSource scanning a state and a pods directory laid
// out on a FakeFileSystem as containerd 1.6 and the kubelet lay them out.
#include "common/discover/containerd_source.h"

#include <gtest/gtest.h>

#include "common/discover/pods_source.h"
#include "testing/counting_file_system.h"
#include "testing/fake_file_system.h"
#include "testing/fixture.h"

namespace lc {
namespace {

std::string Config() {
  return ReadFixture("discover/containerd_bundle_config.json");
}

const std::string kTasks = "/run/containerd/io.containerd.runtime.v2.task";

class ContainerdSourceTest : public ::testing::Test {
 protected:
  ContainerdSourceOptions Opt() {
    ContainerdSourceOptions o;
    o.mountinfo = "/proc/self/mountinfo";
    return o;
  }
  void Bundle(const std::string& ns, const std::string& id, const std::string& config, bool pid = true) {
    fs_.Create(kTasks + "/" + ns + "/" + id + "/config.json", config);
    if (pid) fs_.Create(kTasks + "/" + ns + "/" + id + "/init.pid", "4242");
    fs_.Create("/proc/4242/stat", "4242 (sleep) S");  // its process runs
  }
  FakeFileSystem fs_;
};

TEST_F(ContainerdSourceTest, BundleWithPidLogPathAndUpperDir) {
  Bundle("k8s.io", "c1", Config());
  fs_.Create("/var/log/pods/prod_web-0_uid-1/nginx/0.log", "");
  fs_.Create("/var/log/pods/prod_web-0_uid-1/nginx/2.log", "");
  fs_.Create("/var/log/pods/prod_web-0_uid-1/nginx/10.log.20261125-054045", "");
  fs_.Create("/proc/self/mountinfo", "50 27 0:41 / " + kTasks + "/k8s.io/c1/rootfs rw - overlay overlay "
                                     "rw,lowerdir=/var/lib/snap/3/fs:/var/lib/snap/1/fs,upperdir=/var/lib/snap/4/fs,workdir=/w\n");
  ContainerdSource src(&fs_, Opt());
  SourceScan scan;
  ASSERT_TRUE(src.Scan(&scan).ok());
  ASSERT_EQ(scan.containers.size(), 1u);
  const ContainerInfo& c = scan.containers[0];
  EXPECT_EQ(c.id, "c1");
  EXPECT_EQ(c.pid, 4242);
  EXPECT_EQ(c.state, "running");
  EXPECT_EQ(c.log_path, "/var/log/pods/prod_web-0_uid-1/nginx/2.log");
  EXPECT_EQ(c.log_format, "cri");
  EXPECT_EQ(c.upperdir, "/var/lib/snap/4/fs");
  EXPECT_EQ(c.lowerdirs, (std::vector<std::string>{"/var/lib/snap/3/fs", "/var/lib/snap/1/fs"}));
  EXPECT_EQ(c.rootfs, kTasks + "/k8s.io/c1/rootfs");
  EXPECT_TRUE(scan.problems.empty());
}

TEST_F(ContainerdSourceTest, OnlyAskedNamespacesAndNoLogWithoutPodDir) {
  Bundle("k8s.io", "c1", Config());
  Bundle("moby", "d1", Config());
  ContainerdSource src(&fs_, Opt());
  SourceScan scan;
  ASSERT_TRUE(src.Scan(&scan).ok());
  ASSERT_EQ(scan.containers.size(), 1u);
  EXPECT_EQ(scan.containers[0].id, "c1");
  EXPECT_EQ(scan.containers[0].log_path, "");
  EXPECT_EQ(scan.containers[0].upperdir, "");  // no mountinfo: rootfs alone
  EXPECT_TRUE(scan.containers[0].lowerdirs.empty());
  ContainerdSourceOptions o = Opt();
  o.namespaces = {"k8s.io", "moby"};
  ContainerdSource both(&fs_, o);
  SourceScan scan2;
  ASSERT_TRUE(both.Scan(&scan2).ok());
  EXPECT_EQ(scan2.containers.size(), 2u);
}

TEST_F(ContainerdSourceTest, MalformedConfigIsAProblemAndTheOthersStillCome) {
  Bundle("k8s.io", "bad", Config().substr(0, 100));
  Bundle("k8s.io", "good", Config());
  fs_.Create(kTasks + "/k8s.io/creating/log.json", "");  // no config.json yet: skipped quietly
  Bundle("k8s.io", "nopid", Config(), false);
  ContainerdSource src(&fs_, Opt());
  SourceScan scan;
  ASSERT_TRUE(src.Scan(&scan).ok());
  ASSERT_EQ(scan.problems.size(), 1u);
  EXPECT_NE(scan.problems[0].message().find(kTasks + "/k8s.io/bad/config.json"), std::string::npos);
  ASSERT_EQ(scan.containers.size(), 2u);
  EXPECT_EQ(scan.containers[0].id, "good");
  EXPECT_EQ(scan.containers[1].id, "nopid");
  EXPECT_EQ(scan.containers[1].state, "created");
}

TEST_F(ContainerdSourceTest, MissingStateDirIsNotFoundAndHostRootIsRead) {
  ContainerdSource src(&fs_, Opt());
  SourceScan scan;
  EXPECT_TRUE(src.Scan(&scan).IsNotFound());
  EXPECT_TRUE(src.Present().IsNotFound());
  fs_.Create("/host" + kTasks + "/k8s.io/c1/config.json", Config());
  ContainerdSourceOptions o = Opt();
  o.host_root = "/host";
  ContainerdSource rooted(&fs_, o);
  ASSERT_TRUE(rooted.Scan(&scan).ok());
  ASSERT_EQ(scan.containers.size(), 1u);
  EXPECT_EQ(scan.containers[0].rootfs, "/host" + kTasks + "/k8s.io/c1/rootfs");
  // The host's mount, not propagated to us: its layers go under the host root.
  // A relative layer means a directory we do not know: no lowerdirs.
  fs_.Create("/proc/self/mountinfo", "50 27 0:41 / " + kTasks + "/k8s.io/c1/rootfs rw - overlay overlay "
                                     "rw,lowerdir=/snap/1/fs,upperdir=/snap/2/fs,workdir=/w\n"
                                     "51 27 0:42 / " + kTasks + "/k8s.io/c2/rootfs rw - overlay overlay "
                                     "rw,lowerdir=/snap/1/fs:l/X,upperdir=/snap/3/fs,workdir=/w\n");
  fs_.Create("/host" + kTasks + "/k8s.io/c2/config.json", Config());
  SourceScan layered;
  ASSERT_TRUE(ContainerdSource(&fs_, o).Scan(&layered).ok());
  ASSERT_EQ(layered.containers.size(), 2u);
  EXPECT_EQ(layered.containers[0].upperdir, "/host/snap/2/fs");
  EXPECT_EQ(layered.containers[0].lowerdirs, std::vector<std::string>{"/host/snap/1/fs"});
  EXPECT_EQ(layered.containers[1].upperdir, "/host/snap/3/fs");
  EXPECT_TRUE(layered.containers[1].lowerdirs.empty());
}

TEST(PodsSourceTest, OneContainerPerLogDirWithK8sFieldsFromThePath) {
  FakeFileSystem fs;
  fs.Create("/var/log/pods/prod_web-0_uid-1/nginx/0.log", "");
  fs.Create("/var/log/pods/prod_web-0_uid-1/nginx/1.log", "");
  fs.Create("/var/log/pods/prod_web-0_uid-1/sidecar/0.log.gz", "");  // rotated only: no live log
  fs.Create("/var/log/pods/kube-system_dns_u2/coredns/3.log", "");
  fs.Create("/var/log/pods/not-a-pod/x/0.log", "");
  PodsSource src(&fs, "/var/log/pods", "");
  SourceScan scan;
  ASSERT_TRUE(src.Scan(&scan).ok());
  ASSERT_EQ(scan.containers.size(), 2u);
  const ContainerInfo& a = scan.containers[0];
  EXPECT_EQ(a.id, "u2_coredns");
  EXPECT_EQ(a.k8s.namespace_name, "kube-system");
  EXPECT_EQ(a.log_path, "/var/log/pods/kube-system_dns_u2/coredns/3.log");
  const ContainerInfo& b = scan.containers[1];
  EXPECT_EQ(b.k8s.pod, "web-0");
  EXPECT_EQ(b.k8s.pod_uid, "uid-1");
  EXPECT_EQ(b.k8s.container, "nginx");
  EXPECT_EQ(b.log_path, "/var/log/pods/prod_web-0_uid-1/nginx/1.log");
  EXPECT_EQ(b.log_format, "cri");
  EXPECT_EQ(b.runtime, "pods");
  PodsSource none(&fs, "/nowhere", "");
  EXPECT_TRUE(none.Scan(&scan).IsNotFound());
}

TEST(PodsSourceTest, LatestRestartLogComparesNumbersNotStrings) {
  EXPECT_EQ(LatestRestartLog({"9.log", "10.log", "2.log"}), "10.log");
  EXPECT_EQ(LatestRestartLog({"0.log.20261125", "x.log", ".log"}), "");
  EXPECT_EQ(LatestRestartLog({}), "");
}

// Regression (issue 11): a task whose process exited keeps its bundle and
// init.pid until it is deleted, and read as running for ever.
TEST_F(ContainerdSourceTest, ATaskWhoseProcessExitedIsLeftOut) {
  Bundle("k8s.io", "c1", Config());
  fs_.Create(kTasks + "/k8s.io/c2/config.json", Config());
  fs_.Create(kTasks + "/k8s.io/c2/init.pid", "5151");  // no /proc/5151
  {
    ContainerdSource src(&fs_, Opt());
    SourceScan scan;
    ASSERT_TRUE(src.Scan(&scan).ok());
    EXPECT_EQ(scan.containers.size(), 2u);  // no /proc/self: liveness unknown, both kept
  }
  fs_.Create("/proc/self/stat", "1 (lc-discover) R");
  ContainerdSource src(&fs_, Opt());
  SourceScan scan;
  ASSERT_TRUE(src.Scan(&scan).ok());
  ASSERT_EQ(scan.containers.size(), 1u);
  EXPECT_EQ(scan.containers[0].id, "c1");
}

// A rescan stats each bundle's files and reads only those whose stat
// stamp changed; the mount table once per scan, and only with a task.
TEST_F(ContainerdSourceTest, RescanReadsOnlyWhatChangedAndForgetsRemovedBundles) {
  const std::string c1 = kTasks + "/k8s.io/c1/", c2 = kTasks + "/k8s.io/c2/";
  Bundle("k8s.io", "c1", Config());
  Bundle("k8s.io", "c2", Config());
  fs_.Create("/proc/self/mountinfo", "");
  CountingFileSystem counting(&fs_);
  ContainerdSource src(&counting, Opt());
  SourceScan first;
  ASSERT_TRUE(src.Scan(&first).ok());
  ASSERT_EQ(2u, first.containers.size());
  EXPECT_EQ(1, counting.opens(c1 + "config.json"));
  EXPECT_EQ(1, counting.opens("/proc/self/mountinfo"));

  counting.Reset();
  SourceScan same;
  ASSERT_TRUE(src.Scan(&same).ok());
  ASSERT_EQ(2u, same.containers.size());
  EXPECT_EQ(0, counting.opens(c1 + "config.json"));
  EXPECT_EQ(0, counting.opens(c2 + "config.json"));
  EXPECT_EQ(0, counting.opens(c1 + "init.pid"));
  EXPECT_EQ(1, counting.total_opens()) << "only the mount table";
  for (size_t i = 0; i < 2; i++) {
    std::string a, b;
    AppendUpsert(first.containers[i], &a);
    AppendUpsert(same.containers[i], &b);
    EXPECT_EQ(a, b);
  }

  // c1's spec rewritten (a new file renamed over it), c2 removed.
  std::string renamed = Config();
  const std::string from = "\"io.kubernetes.cri.container-name\":\"nginx\"";
  ASSERT_NE(std::string::npos, renamed.find(from));
  renamed.replace(renamed.find(from), from.size(), "\"io.kubernetes.cri.container-name\":\"web\"");
  fs_.Create(c1 + "config.json", renamed);
  ASSERT_TRUE(fs_.Remove(c2 + "config.json").ok());
  ASSERT_TRUE(fs_.Remove(c2 + "init.pid").ok());
  counting.Reset();
  SourceScan changed;
  ASSERT_TRUE(src.Scan(&changed).ok());
  ASSERT_EQ(1u, changed.containers.size());
  EXPECT_EQ("web", changed.containers[0].name);
  EXPECT_EQ(1, counting.opens(c1 + "config.json"));

  // A new init.pid naming a process that is gone: the task has exited.
  fs_.Create(c1 + "init.pid", "5555");
  fs_.Create("/proc/self/stat", "1 (lc-discover) R");
  SourceScan exited;
  ASSERT_TRUE(src.Scan(&exited).ok());
  EXPECT_EQ(0u, exited.containers.size());

  // No task at all: the mount table is not read.
  ASSERT_TRUE(fs_.Remove(c1 + "config.json").ok());
  counting.Reset();
  SourceScan none;
  ASSERT_TRUE(src.Scan(&none).ok());
  EXPECT_EQ(0u, none.containers.size());
  EXPECT_EQ(0, counting.opens("/proc/self/mountinfo"));
}

}  // namespace
}  // namespace lc
