#include "testing/fake_clock.h"
#include "common/runtime/container_log_source.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"
#include "common/tail/record_writer.h"

namespace lc {
namespace {

// Collects "<line>" and the source each file was read for.
class Collect : public LineHandler {
 public:
  void Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
            int64_t read_time) override {
    lines.push_back(std::string(p, n));
    tags[f->path] = f->source->tags;
    since[f->path] = f->source->since;
  }
  std::vector<std::string> lines;
  std::map<std::string, Tags> tags;
  std::map<std::string, int64_t> since;
};

class ContainerLogSourceTest : public ::testing::Test {
 protected:
  ContainerLogSourceTest() : tailer_(Options(), &fs_, &clock_, &handler_, nullptr) {}
  static TailOptions Options() {
    TailOptions o;
    o.use_inotify = false;
    return o;
  }
  std::vector<std::string> Pass() {
    handler_.lines.clear();
    EXPECT_TRUE(tailer_.RunOnce().ok());
    return handler_.lines;
  }
  using V = std::vector<std::string>;
  FakeFileSystem fs_;
  FakeClock clock_;
  Collect handler_;
  Tailer tailer_;
};

const char kUpsertA[] =
    R"({"event":"upsert","id":"aaa","name":"web-1","image":"nginx:1.25","started":"2020-01-01T00:00:00Z",)"
    R"("log_path":"/c/aaa/aaa-json.log","log_format":"docker-json",)"
    R"("k8s":{"namespace":"default","pod":"web-0","pod_uid":"u-1","container":"nginx"}})";

TEST_F(ContainerLogSourceTest, UpsertFollowsTheLogPathWithContainerAndK8sTags) {
  ContainerLogSource src(&tailer_, clock_.NowNanos());
  fs_.Create("/c/aaa/aaa-json.log", "one\ntwo\n");
  ASSERT_TRUE(src.Apply(kUpsertA).ok());
  ASSERT_TRUE(src.Apply(kUpsertA).ok());  // idempotent: announced again
  EXPECT_EQ((V{"one", "two"}), Pass());
  EXPECT_EQ((Tags{{"container.id", "aaa"}, {"container.name", "web-1"},
                  {"container.image.name", "nginx:1.25"}, {"k8s.namespace.name", "default"},
                  {"k8s.pod.name", "web-0"}, {"k8s.pod.uid", "u-1"}, {"k8s.container.name", "nginx"}}),
            handler_.tags["/c/aaa/aaa-json.log"]);
  // Running before this process started: begins 5 s before the start.
  EXPECT_EQ(clock_.NowNanos() - 5 * kSeconds, handler_.since["/c/aaa/aaa-json.log"]);
}

// On a later run the resume rule ignores a source's since (start_position_test:
// "container running before start, later run").
TEST_F(ContainerLogSourceTest, ContainersStartedLaterHaveNoSince) {
  ContainerLogSource later(&tailer_, 1'000);  // this process started at t=1000 ns
  fs_.Create("/c/bbb.log", "b\n");
  ASSERT_TRUE(later.Apply(R"({"event":"upsert","id":"bbb","started":"2026-11-25T00:00:00Z","log_path":"/c/bbb.log"})").ok());
  EXPECT_EQ(V{"b"}, Pass());
  EXPECT_EQ(0, handler_.since["/c/bbb.log"]);
}

TEST_F(ContainerLogSourceTest, RemoveDrainsTheFileThenLetsItGo) {
  ContainerLogSource src(&tailer_, clock_.NowNanos());
  fs_.Create("/c/aaa/aaa-json.log", "one\n");
  ASSERT_TRUE(src.Apply(kUpsertA).ok());
  EXPECT_EQ(V{"one"}, Pass());
  fs_.Append("/c/aaa/aaa-json.log", "last words\n");
  fs_.Remove("/c/aaa/aaa-json.log");  // the runtime deletes it: the descriptor still reads
  ASSERT_TRUE(src.Apply(R"({"event":"remove","id":"aaa","finished":"2026-11-25T05:40:45Z"})").ok());
  EXPECT_EQ(V{"last words"}, Pass());
  fs_.Create("/c/aaa/aaa-json.log", "not followed any more\n");
  EXPECT_EQ(V{}, Pass());
}

TEST_F(ContainerLogSourceTest, SyncDropsContainersNotListed) {
  ContainerLogSource src(&tailer_, 0);
  fs_.Create("/c/keep.log", "k1\n");
  fs_.Create("/c/gone.log", "g1\n");
  ASSERT_TRUE(src.Apply(R"({"event":"upsert","id":"keep","log_path":"/c/keep.log"})").ok());
  ASSERT_TRUE(src.Apply(R"({"event":"upsert","id":"gone","log_path":"/c/gone.log"})").ok());
  EXPECT_EQ(2u, Pass().size());
  ASSERT_TRUE(src.Apply(R"({"event":"sync","ids":["keep"]})").ok());
  fs_.Append("/c/keep.log", "k2\n");
  fs_.Append("/c/gone.log", "g2\n");  // drained before it is let go
  std::vector<std::string> got = Pass();
  std::sort(got.begin(), got.end());
  EXPECT_EQ((V{"g2", "k2"}), got);
  fs_.Append("/c/keep.log", "k3\n");
  fs_.Append("/c/gone.log", "g3\n");
  EXPECT_EQ(V{"k3"}, Pass());
}

TEST_F(ContainerLogSourceTest, MalformedEventsSayWhatIsWrong) {
  ContainerLogSource src(&tailer_, 0);
  EXPECT_EQ("not a JSON object", src.Apply("{\"event\":").message());
  EXPECT_EQ("upsert without an \"id\"", src.Apply(R"({"event":"upsert","log_path":"/x"})").message());
  EXPECT_EQ("remove without an \"id\"", src.Apply(R"({"event":"remove"})").message());
  EXPECT_EQ("sync without \"ids\"", src.Apply(R"({"event":"sync"})").message());
  EXPECT_EQ("unknown event 'start'", src.Apply(R"({"event":"start","id":"x"})").message());
  // A container without a log file (another log driver) is not an error.
  EXPECT_TRUE(src.Apply(R"({"event":"upsert","id":"journald-one"})").ok());
}

}  // namespace
}  // namespace lc
