#include "common/render/render_loop.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

namespace lc {
namespace {

class RenderLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/render_loop_test.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
    system(("mkdir -p " + dir_ + "/upper/srv " + dir_ + "/merged/var/log " + dir_ + "/vol/sub " + dir_ + "/host")
               .c_str());
    c_.id = "abc";
    c_.state = "running";
    c_.upperdir = dir_ + "/upper";
    c_.rootfs = dir_ + "/merged";
    c_.mounts = {{dir_ + "/vol", "/data", true}};
  }
  void TearDown() override { system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
  ContainerInfo c_;
};

TEST_F(RenderLoopTest, HostFilesOfNamesWhatLcTailWouldOpenAndNothingOutside) {
  std::ofstream(dir_ + "/vol/sub/a.log") << "a\n";
  std::ofstream(dir_ + "/upper/srv/u.log") << "u\n";
  std::ofstream(dir_ + "/merged/var/log/image.log") << "i\n";
  std::ofstream(dir_ + "/host/secret.log") << "secret\n";
  ASSERT_EQ(0, symlink((dir_ + "/host/secret.log").c_str(), (dir_ + "/vol/sub/evil.log").c_str()));
  ASSERT_EQ(0, symlink((dir_ + "/host").c_str(), (dir_ + "/vol/hostdir").c_str()));
  std::vector<std::string> files, skipped;
  HostFilesOf(RealFileSystem(), c_, "/data/*/*.log", &files, &skipped);
  EXPECT_EQ(std::vector<std::string>{dir_ + "/vol/sub/a.log"}, files);
  // The planted links are refused when opened, and said.
  ASSERT_EQ(2u, skipped.size());
  EXPECT_NE(std::string::npos, skipped[0].find("symlink leaves the container")) << skipped[0];
  files.clear();
  skipped.clear();
  HostFilesOf(RealFileSystem(), c_, "/srv/u.log", &files, &skipped);
  HostFilesOf(RealFileSystem(), c_, "/var/log/image.log", &files, &skipped);
  EXPECT_EQ((std::vector<std::string>{dir_ + "/merged/var/log/image.log", dir_ + "/upper/srv/u.log"}), files);
  EXPECT_TRUE(skipped.empty());
}

TEST_F(RenderLoopTest, OnceRendersTheWholeStreamFromAPipe) {
  CollectionConfig config;
  ASSERT_TRUE(CollectionConfig::Parse(R"({"name":"c","input":{"type":"container_file","paths":["/srv/*.log"]}})",
                                      "c.json", &config)
                  .ok());
  std::vector<CollectionConfig> configs;
  configs.push_back(std::move(config));
  Renderer r(std::move(configs), RealFileSystem(), nullptr);
  int in[2], out[2];
  ASSERT_EQ(0, pipe(in));
  ASSERT_EQ(0, pipe(out));
  std::string events;
  AppendUpsert(c_, &events);
  AppendSync({"abc"}, &events);
  ASSERT_EQ(static_cast<ssize_t>(events.size()), write(in[1], events.data(), events.size()));
  close(in[1]);
  OutputWriter w(out[1]);
  RenderStreamOptions ro;
  ro.once = true;
  ASSERT_TRUE(RunRenderStream(in[0], &w, &r, ro).ok());
  close(out[1]);
  char buf[4096];
  ssize_t n = read(out[0], buf, sizeof buf);
  ASSERT_GT(n, 0);
  std::string got(buf, static_cast<size_t>(n));
  EXPECT_EQ(0u, got.find("{\"event\":\"add\",\"key\":\"c/abc\",\"paths\":[\"" + dir_ + "/upper/srv/*.log\"]"))
      << got;
  EXPECT_NE(std::string::npos, got.find("\n{\"event\":\"sync\",\"keys\":[\"c/abc\"]}\n")) << got;
  close(in[0]);
  close(out[0]);
}

}  // namespace
}  // namespace lc
