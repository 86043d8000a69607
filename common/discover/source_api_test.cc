// SourceApi over scripted ContainerSources: one announcement per container
// across sources, vanished containers inspect as exited then NotFound,
// unreadable entries reported once, differences as events.
#include "common/discover/source_api.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "common/discover/discoverer.h"
#include "testing/fake_clock.h"

namespace lc {
namespace {

class ScriptedSource : public ContainerSource {
 public:
  explicit ScriptedSource(std::string name) : name_(std::move(name)) {}
  std::string Describe() const override { return name_ + " /state"; }
  Status Present() override { return missing ? Status::NotFound("/state: gone") : Status::OK(); }
  Status Scan(SourceScan* out) override {
    if (missing) return Status::NotFound("/state: gone");
    out->containers = containers;
    out->problems = problems;
    return Status::OK();
  }
  std::vector<ContainerInfo> containers;
  std::vector<Status> problems;
  bool missing = false;

 private:
  std::string name_;
};

ContainerInfo C(const std::string& id, const std::string& ns = "", const std::string& ctr = "") {
  ContainerInfo c;
  c.id = id;
  c.state = "running";
  c.k8s.namespace_name = ns;
  c.k8s.pod = ns.empty() ? "" : "pod";
  c.k8s.container = ctr;
  return c;
}

SourceApiOptions NoInotify() {
  SourceApiOptions o;
  o.inotify = false;
  return o;
}

TEST(SourceApiTest, OneAnnouncementPerContainerAcrossSources) {
  ScriptedSource ctd("containerd"), pods("pods");
  ctd.containers = {C("c1", "prod", "nginx"), C("c2")};
  pods.containers = {C("uid_nginx", "prod", "nginx"), C("uid_db", "prod", "db"), C("c2")};
  FakeClock clock;
  SourceApi api({&ctd, &pods}, nullptr, &clock, NoInotify());
  std::vector<std::string> ids;
  ASSERT_TRUE(api.List(false, &ids).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"c1", "c2", "uid_db"}));
  std::vector<ContainerApi::Inspected> got;
  api.Inspect({"c1", "nope"}, &got);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(got[0].parsed);
  EXPECT_EQ(got[0].info.k8s.container, "nginx");
  EXPECT_TRUE(got[1].status.IsNotFound());
}

TEST(SourceApiTest, VanishedContainerInspectsExitedThenNotFound) {
  ScriptedSource ctd("containerd");
  ctd.containers = {C("c1")};
  FakeClock clock;
  SourceApi api({&ctd}, nullptr, &clock, NoInotify());
  std::vector<RuntimeEvent> ev;
  api.Refresh(&ev);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].action, "start");
  ctd.containers.clear();
  clock.Advance(5 * kSeconds);
  ev.clear();
  api.Refresh(&ev);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].action, "die");
  EXPECT_EQ(ev[0].time, clock.NowNanos());
  std::vector<ContainerApi::Inspected> got;
  api.Inspect({"c1"}, &got);
  ASSERT_TRUE(got[0].parsed);
  EXPECT_EQ(got[0].info.state, "exited");
  EXPECT_EQ(got[0].info.finished, clock.NowNanos());
  clock.Advance(601 * kSeconds);
  api.Refresh(&ev);
  api.Inspect({"c1"}, &got);
  EXPECT_TRUE(got[0].status.IsNotFound());
}

TEST(SourceApiTest, ChangesComeAsUpdatesAndNothingWhenUnchanged) {
  ScriptedSource ctd("containerd");
  ctd.containers = {C("c1")};
  ctd.containers[0].state = "created";
  FakeClock clock;
  SourceApi api({&ctd}, nullptr, &clock, NoInotify());
  std::vector<RuntimeEvent> ev;
  api.Refresh(&ev);
  ev.clear();
  api.Refresh(&ev);
  EXPECT_TRUE(ev.empty());
  ctd.containers[0].state = "running";
  api.Refresh(&ev);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].action, "update");
}

TEST(SourceApiTest, AProblemIsReportedOnceAndAgainAfterHealing) {
  ScriptedSource ctd("containerd");
  ctd.problems = {Status::Corruption("/s/bad/config.json: not a JSON object")};
  FakeClock clock;
  SourceApi api({&ctd}, nullptr, &clock, NoInotify());
  std::vector<RuntimeEvent> ev;
  testing::internal::CaptureStderr();
  api.Refresh(&ev);
  api.Refresh(&ev);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "lc-discover: /s/bad/config.json: not a JSON object; retried at the next scan\n");
  ctd.problems.clear();
  api.Refresh(&ev);
  ctd.problems = {Status::Corruption("/s/bad/config.json: not a JSON object")};
  testing::internal::CaptureStderr();
  api.Refresh(&ev);
  EXPECT_NE(testing::internal::GetCapturedStderr(), "");
}

TEST(SourceApiTest, MissingStateDirSaidOnceWhenAskedAndQuietForAuto) {
  ScriptedSource ctd("containerd");
  ctd.missing = true;
  FakeClock clock;
  SourceApi loud({&ctd}, nullptr, &clock, NoInotify());
  std::vector<std::string> ids;
  testing::internal::CaptureStderr();
  ASSERT_TRUE(loud.List(false, &ids).ok());
  ASSERT_TRUE(loud.List(false, &ids).ok());
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "lc-discover: containerd /state: /state: gone; looking again at each rescan\n");
  SourceApiOptions quiet = NoInotify();
  quiet.warn_missing = false;
  SourceApi api({&ctd}, nullptr, &clock, quiet);
  testing::internal::CaptureStderr();
  ASSERT_TRUE(api.List(false, &ids).ok());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_TRUE(ids.empty());
}

TEST(SourceApiTest, TheDiscoveryLoopAnnouncesFileSourcesAndSkipsSandboxes) {
  ScriptedSource ctd("containerd");
  ctd.containers = {C("c1", "prod", "nginx"), C("sb", "prod", "POD")};
  ctd.containers[1].sandbox = true;
  ctd.containers[0].log_path = "/var/log/pods/prod_pod_u/nginx/0.log";
  FakeClock clock;
  SourceApi api({&ctd}, nullptr, &clock, NoInotify());
  ContainerFilter filter;
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  OutputWriter out(pipefd[1]);
  DiscoverOptions opt;
  opt.once = true;
  Discoverer d(&api, &filter, &clock, &out, opt, [] { return false; });
  ASSERT_TRUE(d.Run().ok());
  close(pipefd[1]);
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = read(pipefd[0], buf, sizeof buf)) > 0;) got.append(buf, n);
  close(pipefd[0]);
  EXPECT_NE(got.find("\"event\":\"upsert\""), std::string::npos) << got;
  EXPECT_NE(got.find("\"log_path\":\"/var/log/pods/prod_pod_u/nginx/0.log\""), std::string::npos) << got;
  EXPECT_EQ(got.find("\"sb\""), std::string::npos) << got;
  EXPECT_NE(got.find("{\"event\":\"sync\",\"ids\":[\"c1\"]}"), std::string::npos) << got;
}

// An engine API as the primary: its containers and events as scripted.
class ScriptedPrimary : public ContainerApi {
 public:
  std::string Describe() const override { return "engine"; }
  Status Version(std::string* runtime) override { *runtime = "docker"; return Status::OK(); }
  Status Subscribe() override { return Status::OK(); }
  Status WaitEvents(int64_t timeout_ns, std::vector<RuntimeEvent>* events) override {
    waits++;
    if (clock != nullptr) clock->Advance(1'000'000);  // woken after 1 ms (a signal)
    events->swap(pending);
    pending.clear();
    return Status::OK();
  }
  void CloseEvents() override {}
  void Sleep(int64_t ns) override {}
  Status List(bool all, std::vector<std::string>* ids) override {
    ids->clear();
    for (const ContainerInfo& c : containers) ids->push_back(c.id);
    return Status::OK();
  }
  void Inspect(const std::vector<std::string>& ids, std::vector<Inspected>* out) override {
    out->clear();
    for (const std::string& id : ids) {
      Inspected r;
      r.id = id;
      r.status = Status::NotFound(id);
      for (const ContainerInfo& c : containers) {
        if (c.id == id) {
          r.parsed = true;
          r.info = c;
          r.status = Status::OK();
        }
      }
      out->push_back(r);
    }
  }
  std::vector<ContainerInfo> containers;
  std::vector<RuntimeEvent> pending;
  FakeClock* clock = nullptr;
  int waits = 0;
};

// Regression: a container started after the last List was scanned by a
// source (Docker's own containerd, podman's storage) before the engine's
// start event came, and inspected from the source's view (no labels, so a
// label filter dropped it; the engine's log path lost).  The engine's event
// makes it the engine's, as List does.
TEST(SourceApiTest, AContainerTheEngineSpeaksOfIsInspectedFromTheEngineEvenIfASourceSawItFirst) {
  ScriptedSource storage("crio");
  FakeClock clock;
  ScriptedPrimary engine;
  SourceApi api({&storage}, &engine, &clock, NoInotify());
  std::vector<std::string> ids;
  ASSERT_TRUE(api.List(false, &ids).ok());
  EXPECT_TRUE(ids.empty());
  ContainerInfo from_engine = C("b");
  from_engine.labels["lcd.test"] = "mine";
  engine.containers = {from_engine};
  storage.containers = {C("b")};
  std::vector<RuntimeEvent> events;
  api.Refresh(&events);  // the source's scan first (inotify)
  ASSERT_EQ(events.size(), 1u);
  engine.pending = {{"start", "b", 0}};
  events.clear();
  ASSERT_TRUE(api.WaitEvents(1000000, &events).ok());
  ASSERT_EQ(events.size(), 1u);
  std::vector<ContainerApi::Inspected> got;
  api.Inspect({"b"}, &got);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].info.labels["lcd.test"], "mine");
  events.clear();
  api.Refresh(&events);  // the source still sees it: no second announcement
  EXPECT_TRUE(events.empty());
}

// Regression (found by lc-agent's tests): with an engine as the primary,
// lc-discover took up to its --rescan (60 s) to exit on SIGTERM: the engine's
// wait came back early with nothing (the signal) and SourceApi waited again
// until its own deadline instead of letting the loop look at the signal.
TEST(SourceApiTest, AnEngineWaitWokenEarlyReturnsSoTheLoopSeesTheSignal) {
  ScriptedSource storage("crio");
  FakeClock clock;
  ScriptedPrimary engine;
  engine.clock = &clock;
  SourceApi api({&storage}, &engine, &clock, NoInotify());
  std::vector<std::string> ids;
  ASSERT_TRUE(api.List(false, &ids).ok());
  std::vector<RuntimeEvent> events;
  int64_t start = clock.MonoNanos();
  ASSERT_TRUE(api.WaitEvents(60'000'000'000, &events).ok());
  EXPECT_TRUE(events.empty());
  EXPECT_LE(engine.waits, 2);  // the first may be the 1 s look at the sources
  EXPECT_LT(clock.MonoNanos() - start, 1'000'000'000);
}

// Lists a real directory: one container per file in it, the directory to watch.
class DirSource : public ContainerSource {
 public:
  explicit DirSource(std::string dir) : dir_(std::move(dir)) {}
  std::string Describe() const override { return "dir " + dir_; }
  Status Present() override { return Status::OK(); }
  Status Scan(SourceScan* out) override {
    std::vector<std::string> names;
    if (RealFileSystem()->ListDir(dir_, &names).ok()) out->dirs.push_back(dir_);
    for (const std::string& n : names) out->containers.push_back(C(n));
    return Status::OK();
  }

 private:
  std::string dir_;
};

// Each directory is watched once, not re-added at every scan; one removed
// and made again is watched again (the kernel dropped the old watch).
TEST(SourceApiTest, ADirectoryRemovedAndMadeAgainIsWatchedAgain) {
  char tmp[] = "/tmp/source_api_test.XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(tmp));
  std::string dir = std::string(tmp) + "/tasks";
  ASSERT_EQ(0, mkdir(dir.c_str(), 0700));
  DirSource src(dir);
  SourceApi api({&src}, nullptr, SystemClock(), SourceApiOptions());
  ASSERT_TRUE(api.Subscribe().ok());
  std::vector<RuntimeEvent> ev;
  api.Refresh(&ev);
  api.Refresh(&ev);  // the same directory: still one watch
  ASSERT_TRUE(ev.empty());
  ASSERT_EQ(0, rmdir(dir.c_str()));
  ASSERT_EQ(0, mkdir(dir.c_str(), 0700));
  ASSERT_TRUE(api.WaitEvents(300 * kMillis, &ev).ok());  // the removal, then a scan
  ASSERT_TRUE(ev.empty());
  FILE* f = std::fopen((dir + "/c1").c_str(), "w");
  ASSERT_NE(nullptr, f);
  std::fclose(f);
  for (int i = 0; i < 20 && ev.empty(); i++) ASSERT_TRUE(api.WaitEvents(100 * kMillis, &ev).ok());
  ASSERT_EQ(1u, ev.size()) << "the new directory's file was not seen: not watched";
  EXPECT_EQ("start", ev[0].action);
  EXPECT_EQ("c1", ev[0].id);
  api.CloseEvents();
  std::remove((dir + "/c1").c_str());
  rmdir(dir.c_str());
  rmdir(tmp);
}

}  // namespace
}  // namespace lc
