// ParseOverlayMounts on mountinfo lines copied from real mounts
// (tests/fixtures/discover/): containerd 1.6's snapshotter with one and two
// image layers, podman 4's containers/storage with its l/<short link>
// lowers; and on lines written here for what those do not show (escapes as
// kernel 6.18 writes them, relative layers, no lowerdir).  OverlayMounts'
// laziness is tested through the sources (containerd_source_test.cc).
#include "common/discover/overlay_mounts.h"

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"
#include "testing/fixture.h"

namespace lc {
namespace {

std::string Fixture(const std::string& name) { return ReadFixture("discover/" + name); }

using Layers = std::vector<std::string>;

TEST(OverlayMountsTest, ContainerdOneLayer) {
  std::string mi = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n" + Fixture("containerd_mountinfo.txt");
  std::string mp = "/tmp/dsc/ctd/state/io.containerd.runtime.v2.task/k8s.io/web-dsc/rootfs";
  auto all = ParseOverlayMounts(mi);
  ASSERT_EQ(all.size(), 1u);  // "/" is not an overlay
  const OverlayLayers& o = all[mp];
  EXPECT_EQ(o.upper, "/tmp/dsc/ctd/root/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs");
  EXPECT_EQ(o.lowers, Layers{"/tmp/dsc/ctd/root/io.containerd.snapshotter.v1.overlayfs/snapshots/1/fs"});
  EXPECT_EQ(all.count(mp + "x"), 0u);
}

TEST(OverlayMountsTest, ContainerdTwoLayersTopmostFirst) {
  auto all = ParseOverlayMounts(Fixture("containerd_mountinfo_two_layers.txt"));
  const std::string snap = "/tmp/lc-ctd.tLMVR1/root/io.containerd.snapshotter.v1.overlayfs/snapshots/";
  const OverlayLayers& o = all["/tmp/lc-ctd.tLMVR1/state/io.containerd.runtime.v2.task/k8s.io/lcl-22661-1/rootfs"];
  EXPECT_EQ(o.upper, snap + "4/fs");
  EXPECT_EQ(o.lowers, (Layers{snap + "3/fs", snap + "2/fs"}));
}

TEST(OverlayMountsTest, PodmanShortLinkLowerUnderTheStorageOverlayDir) {
  // The storage's overlay dir is bind-mounted on itself (an ext4 line).
  auto all = ParseOverlayMounts(Fixture("podman_mountinfo_short_links.txt"));
  ASSERT_EQ(all.size(), 1u);
  const std::string home = "/tmp/lowerpm.9ODn/storage/overlay/";
  const std::string layer = "ef65710cdd46005148e292aa9419682225b954a835842815b283947203412fd9";
  const OverlayLayers& o = all[home + layer + "/merged"];
  EXPECT_EQ(o.upper, home + layer + "/diff");
  EXPECT_EQ(o.lowers, Layers{home + "l/KBBEPWZJEDMZIABUB3KKB634NL"});
}

TEST(OverlayMountsTest, EscapedPathsAndTheLastMountOnAPoint) {
  // As kernel 6.18 showed lowerdir=/t/a\:b\,c d:/t/l2 given to mount(8):
  // the backslashes of the option as \134, the ',' as \054, the space \040.
  std::string esc = "1 2 0:1 / /a\\040b rw - overlay overlay rw,lowerdir=/t/a\\134:b\\134\\054c\\040d:/t/l2,"
                    "upperdir=/u\\0401,workdir=/w,uuid=on\n";
  auto all = ParseOverlayMounts(esc);
  EXPECT_EQ(all["/a b"].upper, "/u 1");
  EXPECT_EQ(all["/a b"].lowers, (Layers{"/t/a:b,c d", "/t/l2"}));
  all = ParseOverlayMounts(esc + "3 2 0:2 / /a\\040b rw - overlay overlay rw,lowerdir=/l,upperdir=/u2,workdir=/w\n");
  EXPECT_EQ(all["/a b"].upper, "/u2");
  EXPECT_EQ(all["/a b"].lowers, Layers{"/l"});
}

TEST(OverlayMountsTest, UnreadableLowerDirGivesNoLowersButKeepsTheUpper) {
  for (const char* lower : {"/l\\134", "", ":/l", "/l:", "/a:\\134"}) {
    std::string line = std::string("1 2 0:1 / /m rw - overlay overlay rw,lowerdir=") + lower + ",upperdir=/u,workdir=/w";
    auto all = ParseOverlayMounts(line);
    EXPECT_EQ(all["/m"].upper, "/u") << lower;
    EXPECT_TRUE(all["/m"].lowers.empty()) << lower;
    std::vector<std::string> out{"kept"};
    EXPECT_FALSE(SplitOverlayLowerDir(lower, &out)) << lower;
    EXPECT_EQ(out, Layers{"kept"});
  }
}

TEST(OverlayMountsTest, DataOnlyLayersAfterADoubleColonAreLeftOut) {
  // What kernel 6.18 showed for lowerdir=/t/l2::/t/u: /t/u holds only the
  // data of metacopy entries.
  auto all = ParseOverlayMounts("4946 27 0:2252 / /m2 rw,relatime - overlay overlay ro,lowerdir=/t/l2::/t/u,redirect_dir=on");
  EXPECT_EQ(all["/m2"].upper, "");
  EXPECT_EQ(all["/m2"].lowers, Layers{"/t/l2"});
}

TEST(OverlayMountsTest, WithoutLowerDirOrNotAnOverlay) {
  auto all = ParseOverlayMounts(
      "1 2 0:1 / /m rw - overlay overlay rw,upperdir=/u,workdir=/w\n"
      "3 2 0:2 / /n rw - ext4 /dev/sda1 rw,lowerdir=/l\n"
      "4 2 0:3 / /short rw\n");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all["/m"].upper, "/u");
  EXPECT_TRUE(all["/m"].lowers.empty());
}

TEST(OverlayMountsTest, RelativeLayersResolvedAgainstTheMountersDirOrNotAtAll) {
  // containers/storage when absolute paths would not fit in a page.
  auto all = ParseOverlayMounts("1 2 0:1 / /s/overlay/abc/merged rw - overlay overlay "
                                "rw,lowerdir=l/AAA:l/BBB,upperdir=abc/diff,workdir=abc/work");
  const OverlayLayers& o = all["/s/overlay/abc/merged"];
  EXPECT_EQ(o.lowers, (Layers{"l/AAA", "l/BBB"}));
  EXPECT_EQ(ResolveLowerDirs(o.lowers, "/s/overlay", ""), (Layers{"/s/overlay/l/AAA", "/s/overlay/l/BBB"}));
  EXPECT_EQ(ResolveLowerDirs(o.lowers, "/s/overlay", "/host"), (Layers{"/host/s/overlay/l/AAA", "/host/s/overlay/l/BBB"}));
  EXPECT_EQ(ResolveLayer(o.upper, "/s/overlay", "/host"), "/host/s/overlay/abc/diff");
  // Unknown: none at all, never a relative path, nor part of the layers.
  EXPECT_TRUE(ResolveLowerDirs(o.lowers, "", "/host").empty());
  EXPECT_TRUE(ResolveLowerDirs({"/abs", "l/AAA"}, "", "").empty());
  EXPECT_EQ(ResolveLayer(o.upper, "", "/host"), "");
  EXPECT_EQ(ResolveLowerDirs({"/abs", "/b"}, "", "/host"), (Layers{"/host/abs", "/host/b"}));
}

TEST(OverlayMountsTest, TableReadOnceAtTheFirstQuestionAndUnreadableIsEmpty) {
  FakeFileSystem fs;
  fs.Create("/mi", "1 2 0:1 / /m rw - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w\n");
  OverlayMounts mounts(&fs, "/mi");
  const OverlayLayers* o = mounts.At("/m");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->lowers, Layers{"/l"});
  fs.Create("/mi", "");
  EXPECT_NE(mounts.At("/m"), nullptr);  // answered from memory
  EXPECT_EQ(mounts.At("/other"), nullptr);
  OverlayMounts none(&fs, "/missing");
  EXPECT_EQ(none.At("/m"), nullptr);
}

}  // namespace
}  // namespace lc
