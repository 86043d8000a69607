#include "common/tail/rotated_generations.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"

namespace lc {
namespace {

std::vector<std::string> Paths(FileSystem* fs, const std::string& path) {
  std::vector<Generation> gens;
  EXPECT_TRUE(FindGenerations(fs, path, &gens).ok());
  std::vector<std::string> out;
  for (const Generation& g : gens) out.push_back(g.path + (g.compressed ? " (gz)" : ""));
  return out;
}

using V = std::vector<std::string>;

TEST(RotatedGenerationsTest, LogrotateNumbersOldestFirstWithCompressedOnes) {
  FakeFileSystem fs;
  fs.Create("/l/x.log", "live\n");
  fs.Create("/l/x.log.1", "a\n");
  fs.Create("/l/x.log.2.gz", "b");
  fs.Create("/l/x.log.10.gz", "c");
  fs.Create("/l/x.log.3", "d\n");
  fs.Create("/l/y.log.1", "another file's\n");
  fs.Create("/l/x.log.old", "not a generation\n");
  fs.Create("/l/x.log.1.bz2", "not one we can read\n");
  fs.Create("/l/x.logger.1", "another base name\n");
  EXPECT_EQ((V{"/l/x.log.10.gz (gz)", "/l/x.log.3", "/l/x.log.2.gz (gz)", "/l/x.log.1"}), Paths(&fs, "/l/x.log"));
}

TEST(RotatedGenerationsTest, DatesOfLogrotateAndTheKubeletOldestFirst) {
  FakeFileSystem fs;
  fs.Create("/l/x.log-20261202", "");
  fs.Create("/l/x.log-20261130.gz", "");
  fs.Create("/l/x.log-20261201", "");
  EXPECT_EQ((V{"/l/x.log-20261130.gz (gz)", "/l/x.log-20261201", "/l/x.log-20261202"}), Paths(&fs, "/l/x.log"));
  fs.Create("/p/0.log", "");
  fs.Create("/p/0.log.20261201-101500", "");
  fs.Create("/p/0.log.20261201-094500.gz", "");
  fs.Create("/p/0.log.20261130-235959.gz", "");
  EXPECT_EQ((V{"/p/0.log.20261130-235959.gz (gz)", "/p/0.log.20261201-094500.gz (gz)", "/p/0.log.20261201-101500"}),
            Paths(&fs, "/p/0.log"));
}

TEST(RotatedGenerationsTest, MixedSchemesByModificationTime) {
  FakeFileSystem fs;
  fs.Create("/l/x.log.1", "");
  fs.Create("/l/x.log-20261201", "");
  fs.SetMtime("/l/x.log.1", 2000);
  fs.SetMtime("/l/x.log-20261201", 1000);
  EXPECT_EQ((V{"/l/x.log-20261201", "/l/x.log.1"}), Paths(&fs, "/l/x.log"));
}

TEST(RotatedGenerationsTest, NamesThatAreNotGenerations) {
  bool gz, numbered;
  std::string order;
  for (const char* name : {"x.log", "x.log.", "x.log.gz", "x.log.1a", "x.log.tmp", "x.log.1.zst", "x.lo.1"}) {
    EXPECT_FALSE(ParseGenerationName("x.log", name, &gz, &numbered, &order)) << name;
  }
  ASSERT_TRUE(ParseGenerationName("x.log", "x.log.7.gz", &gz, &numbered, &order));
  EXPECT_TRUE(gz);
  EXPECT_TRUE(numbered);
  ASSERT_TRUE(ParseGenerationName("0.log", "0.log.20261201-101500", &gz, &numbered, &order));
  EXPECT_FALSE(gz);
  EXPECT_FALSE(numbered);
}

TEST(RotatedGenerationsTest, AGoneDirectoryIsNotFound) {
  FakeFileSystem fs;
  std::vector<Generation> gens;
  EXPECT_TRUE(FindGenerations(&fs, "/nowhere/x.log", &gens).IsNotFound());
}

}  // namespace
}  // namespace lc
