#include "common/tail/inotify_watcher.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <unordered_set>

#include <gtest/gtest.h>

namespace lc {
namespace {

// Real inotify on a real temp directory: the kernel's events are what is
// under test, and it queues them before the syscall that made them returns.
class InotifyWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/lc-inotify-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(dir));
    root_ = dir;
    ASSERT_TRUE(w_.ok());
  }
  void TearDown() override { ASSERT_EQ(0, system(("rm -rf '" + root_ + "'").c_str())); }
  void Write(const std::string& path, const char* text) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << path;
    ASSERT_EQ(static_cast<ssize_t>(strlen(text)), write(fd, text, strlen(text)));
    close(fd);
  }
  InotifyWatcher::Changes Take() {
    InotifyWatcher::Changes ch;
    w_.Read(&ch);
    return ch;
  }
  std::string root_;
  InotifyWatcher w_;
  Reporter reporter_{"test"};
};

// Regression: every ancestor of a pattern was watched for every change, so
// compilers writing in /tmp made a tailer of 1000 quiet files under
// /tmp/q/p/idle rediscover them all, 8.9% of a core.  An ancestor's event
// counts only for the name the pattern looks for there.
TEST_F(InotifyWatcherTest, AncestorsCountOnlyTheNameThePatternLooksFor) {
  ASSERT_EQ(0, mkdir((root_ + "/p").c_str(), 0755));
  ASSERT_EQ(0, mkdir((root_ + "/p/idle").c_str(), 0755));
  Write(root_ + "/p/idle/a.log", "x\n");
  // As Discover builds it for root_/p/idle/*.log.
  w_.SetDirs({{root_, {{"p"}, false, {}, {}}}, {root_ + "/p", {{"idle"}, false, {}, {}}}, {root_ + "/p/idle", {{"*.log"}, true, {}, {}}}},
             &reporter_);

  // A compiler's scratch files beside the ancestors: nothing to do.
  Write(root_ + "/cc1.o", "obj");
  Write(root_ + "/p/tmp.s", "asm");
  ASSERT_EQ(0, rename((root_ + "/cc1.o").c_str(), (root_ + "/a.out").c_str()));
  ASSERT_EQ(0, unlink((root_ + "/a.out").c_str()));
  ASSERT_EQ(0, mkdir((root_ + "/p/idle2").c_str(), 0755));
  auto ch = Take();
  EXPECT_FALSE(ch.structure);
  EXPECT_FALSE(ch.other_modified);
  EXPECT_TRUE(ch.modified.empty());

  // A followed file written: named; another name in its directory written
  // (a rotated file, say): noticed without a rediscovery.
  Write(root_ + "/p/idle/a.log", "y\n");
  Write(root_ + "/p/idle/a.log.1", "late\n");
  ch = Take();
  EXPECT_EQ(std::unordered_set<std::string>{root_ + "/p/idle/a.log"}, ch.modified);
  EXPECT_TRUE(ch.other_modified);
  EXPECT_FALSE(ch.structure);  // a.log.1 is not *.log

  // What the pattern looks for: each asks for a rediscovery.
  Write(root_ + "/p/idle/b.log", "new\n");
  EXPECT_TRUE(Take().structure);
  ASSERT_EQ(0, rename((root_ + "/p/idle").c_str(), (root_ + "/p/old").c_str()));
  EXPECT_TRUE(Take().structure);
  ASSERT_EQ(0, rename((root_ + "/p/idle2").c_str(), (root_ + "/p/idle").c_str()));
  EXPECT_TRUE(Take().structure);
}

TEST_F(InotifyWatcherTest, AnAncestorBecomingALeafIsWatchedForWritesToo) {
  Write(root_ + "/a.log", "x\n");
  w_.SetDirs({{root_, {{"sub"}, false, {}, {}}}}, &reporter_);
  Write(root_ + "/a.log", "y\n");
  EXPECT_TRUE(Take().modified.empty());  // not asked for
  w_.SetDirs({{root_, {{"sub", "*.log"}, true, {}, {}}}}, &reporter_);
  Write(root_ + "/a.log", "z\n");
  EXPECT_EQ(std::unordered_set<std::string>{root_ + "/a.log"}, Take().modified);
}

TEST_F(InotifyWatcherTest, CompleteWhileEveryDirectoryIsWatchedAndNoWatchWasDropped) {
  ASSERT_EQ(0, mkdir((root_ + "/d").c_str(), 0755));
  w_.SetDirs({{root_ + "/d", {{"*.log"}, true, {}, {}}}}, &reporter_);
  EXPECT_TRUE(w_.complete());
  // A directory that is not there cannot be watched: polls must list.
  w_.SetDirs({{root_ + "/d", {{"*.log"}, true, {}, {}}}, {root_ + "/none", {{"*.log"}, true, {}, {}}}}, &reporter_);
  EXPECT_FALSE(w_.complete());
  w_.SetDirs({{root_ + "/d", {{"*.log"}, true, {}, {}}}}, &reporter_);
  EXPECT_TRUE(w_.complete());
  // A watch the kernel dropped (its directory went) is a structure change,
  // and forgotten: the directory made again at that path is watched anew.
  ASSERT_EQ(0, rmdir((root_ + "/d").c_str()));
  EXPECT_TRUE(Take().structure);
  EXPECT_FALSE(w_.complete());
  ASSERT_EQ(0, mkdir((root_ + "/d").c_str(), 0755));
  w_.SetDirs({{root_ + "/d", {{"*.log"}, true, {}, {}}}}, &reporter_);
  EXPECT_TRUE(w_.complete());
  Write(root_ + "/d/a.log", "x\n");
  EXPECT_EQ(std::unordered_set<std::string>{root_ + "/d/a.log"}, Take().modified);
  // A watch SetDirs removes itself changes nothing.
  w_.SetDirs({}, &reporter_);
  EXPECT_FALSE(Take().structure);
  EXPECT_TRUE(w_.complete());
}

// Issue 12: a busy node's write watches hear one write per directory, then
// nothing until re-armed; the caller reads every file there meanwhile.
TEST_F(InotifyWatcherTest, AOneShotWriteWatchHearsOneWriteUntilRearmed) {
  ASSERT_EQ(0, mkdir((root_ + "/d").c_str(), 0755));
  ASSERT_EQ(0, mkdir((root_ + "/e").c_str(), 0755));
  for (const char* f : {"/d/a.log", "/d/b.log", "/e/c.log"}) Write(root_ + f, "0\n");
  w_.SetDirs({{root_ + "/d", {{"*.log"}, true, {}, {}}}, {root_ + "/e", {{"*.log"}, true, {}, {}}}}, &reporter_);
  w_.SetOneShotWrites(true);
  EXPECT_EQ(2u, w_.write_dirs());
  Write(root_ + "/d/a.log", "1\n");
  Write(root_ + "/d/b.log", "1\n");  // unheard: d's watch went with a.log's write
  auto ch = Take();
  EXPECT_TRUE(ch.fired);
  EXPECT_EQ(std::unordered_set<std::string>{root_ + "/d/a.log"}, ch.modified);
  EXPECT_FALSE(ch.structure);  // the kernel's IN_IGNORED for it is not a directory gone
  EXPECT_TRUE(w_.complete());
  EXPECT_EQ(2u, w_.write_dirs());
  Write(root_ + "/d/a.log", "2\n");
  ch = Take();
  EXPECT_FALSE(ch.fired);
  EXPECT_TRUE(ch.modified.empty());
  Write(root_ + "/e/c.log", "1\n");  // another directory's watch is still armed
  EXPECT_EQ(std::unordered_set<std::string>{root_ + "/e/c.log"}, Take().modified);
  w_.Rearm();
  Write(root_ + "/d/b.log", "2\n");
  ch = Take();
  EXPECT_TRUE(ch.fired);
  EXPECT_EQ(std::unordered_set<std::string>{root_ + "/d/b.log"}, ch.modified);
  // A discovery watches fired directories again too.
  w_.SetDirs({{root_ + "/d", {{"*.log"}, true, {}, {}}}, {root_ + "/e", {{"*.log"}, true, {}, {}}}}, &reporter_);
  Write(root_ + "/d/a.log", "3\n");
  EXPECT_TRUE(Take().fired);
  // Off: every write heard again, fired watches re-armed on the way.
  w_.SetOneShotWrites(false);
  Write(root_ + "/d/a.log", "4\n");
  EXPECT_FALSE(Take().fired);
  Write(root_ + "/d/a.log", "5\n");
  Write(root_ + "/e/c.log", "2\n");
  ch = Take();
  EXPECT_FALSE(ch.fired);
  EXPECT_EQ((std::unordered_set<std::string>{root_ + "/d/a.log", root_ + "/e/c.log"}), ch.modified);
  EXPECT_TRUE(w_.complete());
}

// Issue 9: a container's directory reached through a link it planted was
// watched by its host path, so the host resolved the link: a watch on a
// host directory, and none on the container's.
TEST_F(InotifyWatcherTest, AContainersLinkedDirectoryIsWatchedAsTheContainerSeesIt) {
  const std::string ctr = root_ + "/merged";      // the container's "/"
  const std::string host = root_ + "/host";       // a host directory
  ASSERT_EQ(0, system(("mkdir -p '" + ctr + "/var/log' '" + ctr + host + "' '" + host + "'").c_str()));
  // In the container, /var/log/app -> <host> means <ctr>/<host>.
  ASSERT_EQ(0, symlink(host.c_str(), (ctr + "/var/log/app").c_str()));
  InotifyWatcher::Dir d{{"*.log"}, true, ctr, ctr + "/var/log"};
  w_.SetDirs({{ctr + "/var/log/app", d}}, &reporter_);
  EXPECT_TRUE(w_.complete());
  Write(host + "/secret.log", "x\n");
  InotifyWatcher::Changes ch = Take();
  EXPECT_FALSE(ch.structure);
  EXPECT_TRUE(ch.modified.empty());
  Write(ctr + host + "/a.log", "x\n");
  ch = Take();
  EXPECT_TRUE(ch.structure);
  EXPECT_EQ(std::unordered_set<std::string>{ctr + "/var/log/app/a.log"}, ch.modified);
}

// Another host (NFS, CIFS, Ceph) or a daemon (FUSE) writes there without
// the local kernel hearing of it: such a directory keeps the poll listing.
TEST(InotifyWatcherHears, LocalFilesystemsButNotNetworkOrFuseOnes) {
  EXPECT_TRUE(InotifyWatcher::HearsEveryChange(0xEF53));      // ext4
  EXPECT_TRUE(InotifyWatcher::HearsEveryChange(0x58465342));  // xfs
  EXPECT_TRUE(InotifyWatcher::HearsEveryChange(0x794C7630));  // overlayfs
  EXPECT_TRUE(InotifyWatcher::HearsEveryChange(0x01021994));  // tmpfs
  EXPECT_FALSE(InotifyWatcher::HearsEveryChange(0x6969));     // NFS
  EXPECT_FALSE(InotifyWatcher::HearsEveryChange(0xFF534D42)); // CIFS
  EXPECT_FALSE(InotifyWatcher::HearsEveryChange(0x65735546)); // FUSE
}

TEST(InotifyWatcherMatters, NamesPatternsAndDoubleStar) {
  InotifyWatcher::Dir d{{"idle", "*.log"}, true, {}, {}};
  EXPECT_TRUE(InotifyWatcher::Matters(d, "idle"));
  EXPECT_TRUE(InotifyWatcher::Matters(d, "a.log"));
  EXPECT_FALSE(InotifyWatcher::Matters(d, ".a.log"));  // as the glob: * skips a leading '.'
  EXPECT_FALSE(InotifyWatcher::Matters(d, "idle2"));
  EXPECT_TRUE(InotifyWatcher::Matters(InotifyWatcher::Dir{{"**"}, false, {}, {}}, "anything"));
}

}  // namespace
}  // namespace lc
