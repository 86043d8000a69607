// TailerTest: a Tailer over a FakeFileSystem and a FakeClock, driven by
// --once passes (Pass) with its checkpoint in a real temp file; Collect
// records what each line handler call saw.  Shared by the tailer's unit
// tests (tailer_test.cc, tailer_checkpoint_test.cc).
#ifndef LC_TESTING_TAILER_FIXTURE_H_
#define LC_TESTING_TAILER_FIXTURE_H_

#include <stdlib.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/tail/tailer.h"
#include "testing/fake_clock.h"
#include "testing/fake_file_system.h"

namespace lc {

// Collects "<path>|<line>" in order.
class Collect : public LineHandler {
 public:
  void Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
            int64_t read_time) override {
    lines.push_back(f->path + "|" + std::string(p, n));
    ends.push_back(end);
    keys.push_back(f->key);
  }
  std::vector<std::string> lines;
  std::vector<int64_t> ends;
  std::vector<std::string> keys;
};

class TailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/lc-tailer-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(dir));
    dir_ = dir;
    opt_.use_inotify = false;
  }
  void TearDown() override {
    unlink((dir_ + "/ck").c_str());
    rmdir(dir_.c_str());
  }
  // One --once pass over /l/*.log with the checkpoint in a real temp file.
  std::vector<std::string> Pass() {
    Collect c;
    Tailer t(opt_, &fs_, &clock_, &c, nullptr);
    EXPECT_TRUE(t.LoadCheckpoint(dir_ + "/ck").ok());
    t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
    EXPECT_TRUE(t.RunOnce().ok());
    last_keys_ = c.keys;
    return c.lines;
  }
  using V = std::vector<std::string>;
  FakeFileSystem fs_;
  FakeClock clock_;
  TailOptions opt_;
  std::string dir_;
  V last_keys_;
};

}  // namespace lc

#endif  // LC_TESTING_TAILER_FIXTURE_H_
