// CrioSource scanning a containers/storage layout on a FakeFileSystem, laid
// out as podman 4 lays it out (graph root and run root), with the files of
// a real podman container (tests/fixtures/discover/crio_*.json).
#include "common/discover/crio_source.h"

#include <gtest/gtest.h>

#include "testing/counting_file_system.h"
#include "testing/fake_file_system.h"
#include "testing/fixture.h"

namespace lc {
namespace {

std::string Fixture(const char* name) { return ReadFixture(std::string("discover/") + name); }

const std::string kId = "c9b02ed04dd0d8c1cd5c9fe4423877e9ca164e89247f4a8aac60c3269cc7bcbe";
const std::string kGraph = "/var/lib/containers/storage/overlay-containers";
const std::string kRun = "/run/containers/storage/overlay-containers";
const std::string kMerged = "/tmp/pm/storage/overlay/4c39727a8acadd52581c564b2e3d89814ac931b93dce5568292f3031f43f6b6f/merged";

class CrioSourceTest : public ::testing::Test {
 protected:
  CrioSourceOptions Opt() {
    CrioSourceOptions o;
    o.dirs = {"/var/lib/containers/storage", "/run/containers/storage"};
    o.mountinfo = "/proc/self/mountinfo";
    o.proc = "/proc";
    return o;
  }
  void Container(const std::string& id, const std::string& config, const std::string& pid) {
    fs_.Create(kGraph + "/" + id + "/userdata/config.json", config);
    if (!pid.empty()) fs_.Create(kRun + "/" + id + "/userdata/pidfile", pid);
  }
  FakeFileSystem fs_;
};

TEST_F(CrioSourceTest, RunningByMountOrLiveProcessStoppedLeftOutBrokenReported) {
  std::string config = Fixture("crio_userdata_config.json");
  fs_.Create(kGraph + "/containers.json", Fixture("crio_containers.json"));
  Container(kId, config, "4242");  // running: its root is mounted
  fs_.SetMtime(kRun + "/" + kId + "/userdata/pidfile", 1796179559000000000);
  fs_.Create("/proc/self/mountinfo", "100 64 0:63 / " + kMerged + " rw,relatime - overlay overlay "
                                     "rw,lowerdir=/l,upperdir=/tmp/pm/storage/overlay/4c39/diff,workdir=/w\n");
  std::string alive(64, 'a'), stopped(64, 'b'), broken(64, 'c'), creating(64, 'd');
  std::string other_root = config;
  other_root.replace(other_root.find(kMerged), kMerged.size(), "/elsewhere/merged");
  const std::string log_path = "\"io.kubernetes.cri-o.LogPath\":\"/var/log/pods/prod_web-0_uid-1/nginx/0.log\",";
  other_root.erase(other_root.find(log_path), log_path.size());  // podman's own: no LogPath
  fs_.Create(kGraph + "/" + alive + "/userdata/ctr.log", "");
  Container(alive, other_root, "777");  // running: not mounted here, its process is
  fs_.Create("/proc/777/stat", "777 (sleep) S");
  Container(stopped, other_root, "31337");  // stale pidfile, no process, no mount
  Container(broken, "{\"ociVersion\":", "888");
  fs_.Create(kRun + "/" + creating + "/userdata/pidfile", "999");  // no config.json anywhere yet
  fs_.Create(kGraph + "/not-a-container/userdata/config.json", config);
  CrioSource src(&fs_, Opt());
  ASSERT_TRUE(src.Present().ok());
  SourceScan scan;
  ASSERT_TRUE(src.Scan(&scan).ok());
  ASSERT_EQ(2u, scan.containers.size());
  const ContainerInfo& c = scan.containers[0];
  EXPECT_EQ(alive, c.id);
  EXPECT_EQ(777, c.pid);
  EXPECT_EQ("", c.upperdir);
  EXPECT_EQ(kGraph + "/" + alive + "/userdata/ctr.log", c.log_path);  // podman's default k8s-file log
  EXPECT_EQ("cri", c.log_format);
  const ContainerInfo& m = scan.containers[1];
  EXPECT_EQ(kId, m.id);
  EXPECT_EQ(4242, m.pid);
  EXPECT_EQ("nginx", m.name);
  EXPECT_EQ("/var/log/pods/prod_web-0_uid-1/nginx/0.log", m.log_path);
  EXPECT_EQ("/tmp/pm/storage/overlay/4c39/diff", m.upperdir);
  EXPECT_EQ(std::vector<std::string>{"/l"}, m.lowerdirs);
  EXPECT_GT(m.created, 0);
  EXPECT_EQ(1796179559000000000, m.started);
  ASSERT_EQ(1u, scan.problems.size());
  EXPECT_NE(std::string::npos, scan.problems[0].message().find(broken)) << scan.problems[0].message();
}

TEST_F(CrioSourceTest, NoDirectoryIsNotFoundNamingThem) {
  CrioSource src(&fs_, Opt());
  Status s = src.Present();
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_NE(std::string::npos, s.message().find("/var/lib/containers/storage /run/containers/storage")) << s.message();
  SourceScan scan;
  EXPECT_TRUE(src.Scan(&scan).IsNotFound());
}

// In a DaemonSet whose host root has no /proc (no "self" in it), liveness
// cannot be read: a container with a pidfile counts as running rather than
// losing a running one's logs.  With --host-root, /proc is the host's.
TEST_F(CrioSourceTest, WithoutAReadableProcAPidfileCountsAsRunningAndProcIsUnderTheHostRoot) {
  std::string config = Fixture("crio_userdata_config.json");
  std::string other = config;
  other.replace(other.find(kMerged), kMerged.size(), "/elsewhere/merged");
  Container(kId, other, "31337");
  {
    CrioSource src(&fs_, Opt());
    SourceScan scan;
    ASSERT_TRUE(src.Scan(&scan).ok());
    EXPECT_EQ(1u, scan.containers.size());  // no /proc/self: cannot tell
  }
  fs_.Create("/proc/self/stat", "1 (lc-discover) R");
  {
    CrioSource src(&fs_, Opt());
    SourceScan scan;
    ASSERT_TRUE(src.Scan(&scan).ok());
    EXPECT_EQ(0u, scan.containers.size());  // /proc readable, 31337 not in it
  }
  fs_.Create("/host/var/lib/containers/storage/overlay-containers/" + kId + "/userdata/config.json", other);
  fs_.Create("/host/run/containers/storage/overlay-containers/" + kId + "/userdata/pidfile", "31337");
  fs_.Create("/host/proc/self/stat", "1 (lc-discover) R");
  fs_.Create("/host/proc/31337/stat", "31337 (sleep) S");
  CrioSourceOptions o = Opt();
  o.host_root = "/host";
  CrioSource src(&fs_, o);
  SourceScan scan;
  ASSERT_TRUE(src.Scan(&scan).ok());
  ASSERT_EQ(1u, scan.containers.size());  // alive in the host's /proc, though not in ours
  EXPECT_EQ("/host/elsewhere/merged", scan.containers[0].rootfs);
}

// containers/storage mounts with paths relative to its overlay dir when the
// absolute ones would not fit in a page: they are made absolute against
// <graph root>/overlay (the merged dir's grandparent), then put under the
// host root.  A root not of the <home>/<layer>/merged shape leaves them out.
TEST_F(CrioSourceTest, RelativeShortLinksResolvedAgainstTheStorageOverlayDirUnderTheHostRoot) {
  std::string config = Fixture("crio_userdata_config.json");
  const std::string home = "/tmp/pm/storage/overlay";
  const std::string layer = kMerged.substr(home.size() + 1, 64);
  fs_.Create("/proc/self/mountinfo", "100 64 0:63 / " + kMerged + " rw,relatime - overlay overlay rw,lowerdir=l/AAA:l/BBB,"
                                     "upperdir=" + layer + "/diff,workdir=" + layer + "/work\n"
                                     "101 64 0:64 / /elsewhere/merged rw,relatime - overlay overlay "
                                     "rw,lowerdir=l/AAA,upperdir=/u,workdir=/w\n");
  std::string other = config;
  other.replace(other.find(kMerged), kMerged.size(), "/elsewhere/merged");
  fs_.Create("/host/var/lib/containers/storage/overlay-containers/" + kId + "/userdata/config.json", config);
  fs_.Create("/host/var/lib/containers/storage/overlay-containers/" + std::string(64, 'e') + "/userdata/config.json",
             other);
  CrioSourceOptions o = Opt();
  o.host_root = "/host";
  CrioSource src(&fs_, o);
  SourceScan scan;
  ASSERT_TRUE(src.Scan(&scan).ok());
  ASSERT_EQ(2u, scan.containers.size());
  const ContainerInfo& c = scan.containers[0];
  EXPECT_EQ(kId, c.id);
  EXPECT_EQ("/host" + home + "/" + layer + "/diff", c.upperdir);
  EXPECT_EQ((std::vector<std::string>{"/host" + home + "/l/AAA", "/host" + home + "/l/BBB"}), c.lowerdirs);
  EXPECT_EQ("/host/u", scan.containers[1].upperdir);
  EXPECT_TRUE(scan.containers[1].lowerdirs.empty());
}

// A rescan stats each container's files and reads only those whose stat
// stamp changed (config.json, pidfile, containers.json); the mount table
// once per scan, and only with a container.
TEST_F(CrioSourceTest, RescanReadsOnlyWhatChangedAndForgetsRemovedContainers) {
  std::string config = Fixture("crio_userdata_config.json");
  fs_.Create(kGraph + "/containers.json", Fixture("crio_containers.json"));
  fs_.Create("/proc/self/mountinfo", "100 64 0:63 / " + kMerged + " rw,relatime - overlay overlay "
                                     "rw,lowerdir=/l,upperdir=/tmp/pm/storage/overlay/4c39/diff,workdir=/w\n");
  std::string other(64, 'a');
  Container(kId, config, "4242");
  Container(other, config, "4242");
  const std::string cfg = kGraph + "/" + kId + "/userdata/config.json";
  CountingFileSystem counting(&fs_);
  CrioSource src(&counting, Opt());
  SourceScan first;
  ASSERT_TRUE(src.Scan(&first).ok());
  ASSERT_EQ(2u, first.containers.size());
  EXPECT_EQ(1, counting.opens(cfg));

  counting.Reset();
  SourceScan same;
  ASSERT_TRUE(src.Scan(&same).ok());
  ASSERT_EQ(2u, same.containers.size());
  EXPECT_EQ(0, counting.opens(cfg));
  EXPECT_EQ(0, counting.opens(kRun + "/" + kId + "/userdata/pidfile"));
  EXPECT_EQ(0, counting.opens(kGraph + "/containers.json"));
  EXPECT_EQ(1, counting.total_opens()) << "only the mount table";
  for (size_t i = 0; i < 2; i++) {
    std::string a, b;
    AppendUpsert(first.containers[i], &a);
    AppendUpsert(same.containers[i], &b);
    EXPECT_EQ(a, b);
  }

  // kId's spec rewritten in place (same inode, new size), `other` removed.
  std::string renamed = config;
  const std::string from = "\"io.kubernetes.container.name\":\"nginx\"";
  ASSERT_NE(std::string::npos, renamed.find(from));
  renamed.replace(renamed.find(from), from.size(), "\"io.kubernetes.container.name\":\"webserver\"");
  fs_.Rewrite(cfg, renamed);
  ASSERT_TRUE(fs_.Remove(kGraph + "/" + other + "/userdata/config.json").ok());
  ASSERT_TRUE(fs_.Remove(kRun + "/" + other + "/userdata/pidfile").ok());
  counting.Reset();
  SourceScan changed;
  ASSERT_TRUE(src.Scan(&changed).ok());
  ASSERT_EQ(1u, changed.containers.size());
  EXPECT_EQ("webserver", changed.containers[0].name);
  EXPECT_EQ(kId, changed.containers[0].id);
  EXPECT_EQ(1, counting.opens(cfg));

  ASSERT_TRUE(fs_.Remove(cfg).ok());
  counting.Reset();
  SourceScan none;
  ASSERT_TRUE(src.Scan(&none).ok());
  EXPECT_EQ(0u, none.containers.size());
  EXPECT_EQ(0, counting.opens("/proc/self/mountinfo"));
}

}  // namespace
}  // namespace lc
