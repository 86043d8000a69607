// The discovery loop against a scripted engine (FakeApi) and a FakeClock:
// ordering (subscribe before scan), events, the grace period, reconnect
// backoff and healing by rescan, filters.  Nothing sleeps: the fake's waits
// move the clock.  The real engine is exercised by tests/lc-discover.bats.
#include "testing/fake_clock.h"
#include "common/discover/discoverer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"

namespace lc {
namespace {

using json = nlohmann::json;

struct FakeContainer {
  FakeContainer(std::string n = "", std::string s = "running", std::map<std::string, std::string> l = {},
                int64_t f = 0)
      : name(std::move(n)), state(std::move(s)), labels(std::move(l)), finished(f) {}
  std::string name;
  std::string state;
  std::map<std::string, std::string> labels;
  int64_t finished;
};

class FakeApi : public ContainerApi {
 public:
  explicit FakeApi(FakeClock* clock) : clock_(clock) {}
  std::string Describe() const override { return "fake://engine"; }
  Status Version(std::string* runtime) override {
    calls.push_back("version");
    attempt_times.push_back(clock_->MonoNanos());
    if (down) return Status::IOError("fake://engine: cannot connect: Connection refused");
    *runtime = "docker";
    return Status::OK();
  }
  Status Subscribe() override {
    calls.push_back("subscribe");
    if (down) return Status::IOError("fake://engine: cannot connect: Connection refused");
    subscribed = true;
    return Status::OK();
  }
  Status WaitEvents(int64_t timeout_ns, std::vector<RuntimeEvent>* events) override {
    if (steps.empty()) {
      done = true;
      return Status::OK();
    }
    auto step = std::move(steps.front());
    steps.pop_front();
    step();
    if (!subscribed) return Status::IOError("fake://engine: the engine closed the event stream");
    if (pending.empty()) {
      clock_->Advance(wait_ns >= 0 ? std::min(wait_ns, timeout_ns) : timeout_ns);
      wait_ns = -1;
    } else {
      *events = std::move(pending);
      pending.clear();
    }
    return Status::OK();
  }
  void CloseEvents() override { subscribed = false; }
  void Sleep(int64_t ns) override {
    clock_->Advance(ns);
    if (steps_while_down > 0 && --steps_while_down == 0) down = false;
  }
  Status List(bool all, std::vector<std::string>* ids) override {
    calls.push_back("list");
    if (down) return Status::IOError("fake://engine: cannot connect: Connection refused");
    ids->clear();
    for (const auto& [id, c] : engine) {
      if (all || c.state == "running") ids->push_back(id);
    }
    return Status::OK();
  }
  void Inspect(const std::vector<std::string>& ids, std::vector<Inspected>* out) override {
    calls.push_back("inspect");
    out->clear();
    for (const std::string& id : ids) {
      Inspected in;
      in.id = id;
      auto it = engine.find(id);
      if (it == engine.end()) {
        in.status = Status::NotFound(id + ": no such container");
      } else {
        const FakeContainer& c = it->second;
        json j = {{"Id", id},
                  {"Name", "/" + c.name},
                  {"State", {{"Status", c.state}, {"Pid", 42}}},
                  {"Config", {{"Image", "img:1"}, {"Labels", c.labels}}},
                  {"LogPath", "/logs/" + id + "-json.log"},
                  {"HostConfig", {{"LogConfig", {{"Type", "json-file"}}}}}};
        if (c.finished) j["State"]["FinishedAt"] = FormatRfc3339Nanos(c.finished);
        in.body = j.dump();
      }
      out->push_back(std::move(in));
    }
  }

  // The engine: a container starts, dies, is destroyed (with its event).
  void Start(const std::string& id, std::map<std::string, std::string> labels = {}) {
    engine[id] = FakeContainer{"n-" + id, "running", std::move(labels), 0};
    pending.push_back({"start", id, clock_->NowNanos()});
  }
  void Die(const std::string& id) {
    engine[id].state = "exited";
    engine[id].finished = clock_->NowNanos();
    pending.push_back({"die", id, clock_->NowNanos()});
  }
  void Destroy(const std::string& id) {
    engine.erase(id);
    pending.push_back({"destroy", id, clock_->NowNanos()});
  }

  FakeClock* clock_;
  std::map<std::string, FakeContainer> engine;
  std::vector<RuntimeEvent> pending;
  std::deque<std::function<void()>> steps;
  std::vector<std::string> calls;
  std::vector<int64_t> attempt_times;
  bool down = false;
  int steps_while_down = 0;  // Sleep()s until the engine is back
  bool subscribed = false;
  bool done = false;
  int64_t wait_ns = -1;  // set by a step: this wait ends early, after wait_ns
};

class DiscovererTest : public ::testing::Test {
 protected:
  DiscovererTest() : api_(&clock_) {
    int p[2];
    EXPECT_EQ(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
    fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
    read_fd_ = p[0];
    out_ = std::make_unique<OutputWriter>(p[1], 0);
    write_fd_ = p[1];
    ContainerFilter::Create({}, &filter_);
  }
  ~DiscovererTest() override {
    close(read_fd_);
    close(write_fd_);
  }

  Status Run(const DiscoverOptions& opt) {
    Discoverer d(&api_, &filter_, &clock_, out_.get(), opt, [this] { return api_.done; });
    Status s = d.Run();
    Drain();
    return s;
  }
  // Reads what the loop has flushed so far.
  void Drain() {
    char buf[65536];
    for (ssize_t n; (n = read(read_fd_, buf, sizeof buf)) > 0;) output_.append(buf, n);
  }
  // The events written so far, one compact line each: "upsert a", "sync a,b", "remove a".
  std::vector<std::string> Events() {
    std::vector<std::string> r;
    std::istringstream in(output_);
    for (std::string line; std::getline(in, line);) {
      json j = json::parse(line);
      std::string s = j["event"].get<std::string>();
      if (j.contains("id")) s += " " + j["id"].get<std::string>();
      if (j.contains("ids")) {
        s += " ";
        for (size_t i = 0; i < j["ids"].size(); ++i) s += (i ? "," : "") + j["ids"][i].get<std::string>();
      }
      r.push_back(s);
    }
    return r;
  }
  json Line(size_t i) {
    std::istringstream in(output_);
    std::string line;
    for (size_t k = 0; k <= i; ++k) std::getline(in, line);
    return json::parse(line);
  }

  FakeClock clock_;
  FakeApi api_;
  ContainerFilter filter_;
  std::unique_ptr<OutputWriter> out_;
  int read_fd_, write_fd_;
  std::string output_;
};

using Lines = std::vector<std::string>;

TEST_F(DiscovererTest, SubscribesBeforeItScans) {
  api_.engine["a"] = {"web"};
  ASSERT_TRUE(Run({}).ok());
  ASSERT_GE(api_.calls.size(), 3u);
  EXPECT_EQ(api_.calls[1], "subscribe");
  EXPECT_EQ(api_.calls[2], "list");
  EXPECT_EQ(Events(), (Lines{"upsert a", "sync a"}));
}

TEST_F(DiscovererTest, OnceScansRunningContainersOnly) {
  api_.engine["a"] = {"web"};
  api_.engine["b"] = {"old", "exited"};
  DiscoverOptions opt;
  opt.once = true;
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"upsert a", "sync a"}));
  EXPECT_EQ(std::count(api_.calls.begin(), api_.calls.end(), "subscribe"), 0);
  EXPECT_EQ(Line(0)["log_path"], "/logs/a-json.log");
  EXPECT_EQ(Line(0)["log_format"], "docker-json");
}

TEST_F(DiscovererTest, OnceWithAllIncludesStopped) {
  api_.engine["a"] = {"web"};
  api_.engine["b"] = {"old", "exited"};
  DiscoverOptions opt;
  opt.once = opt.all = true;
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"upsert a", "upsert b", "sync a,b"}));
}

TEST_F(DiscovererTest, OnceFailsWhenTheEngineIsDown) {
  api_.down = true;
  DiscoverOptions opt;
  opt.once = true;
  Status s = Run(opt);
  EXPECT_TRUE(s.IsIOError());
  EXPECT_EQ(output_, "");
}

TEST_F(DiscovererTest, DieIsRemovedAfterTheGracePeriod) {
  DiscoverOptions opt;
  opt.grace_ns = 10 * kSeconds;
  opt.rescan_ns = 3600 * kSeconds;
  int64_t died = 0;
  api_.steps = {[&] { api_.Start("a"); },
                [&] { died = clock_.NowNanos(); api_.Die("a"); },
                [&] { api_.wait_ns = 9 * kSeconds; },
                [&] {
                  Drain();  // 9 s after it died: still announced
                  EXPECT_EQ(Events(), (Lines{"sync ", "upsert a"}));
                }};
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"sync ", "upsert a", "remove a"}));
  EXPECT_EQ(Line(2)["finished"], FormatRfc3339Nanos(died));
}

TEST_F(DiscovererTest, DestroyRemovesAtOnce) {
  DiscoverOptions opt;
  opt.rescan_ns = 3600 * kSeconds;
  api_.steps = {[&] { api_.Start("a"); }, [&] { api_.Die("a"); api_.Destroy("a"); }};
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"sync ", "upsert a", "remove a"}));
}

TEST_F(DiscovererTest, ShortLivedContainerIsStillAnnounced) {
  DiscoverOptions opt;
  opt.grace_ns = 5 * kSeconds;
  opt.rescan_ns = 3600 * kSeconds;
  // Started and exited before lc-discover could ask about it.
  api_.steps = {[&] { api_.Start("a"); api_.Die("a"); }, [&] {}};
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"sync ", "upsert a", "remove a"}));
  EXPECT_EQ(Line(1)["state"], "exited");
  EXPECT_EQ(Line(1)["log_path"], "/logs/a-json.log");
}

TEST_F(DiscovererTest, DyingContainersStayInTheSyncUntilRemoved) {
  DiscoverOptions opt;
  opt.grace_ns = 100 * kSeconds;
  opt.rescan_ns = 60 * kSeconds;
  api_.engine["a"] = {"web"};
  api_.steps = {[&] { api_.Die("a"); }, [&] {}, [&] {}};
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"upsert a", "sync a", "sync a", "remove a"}));
}

TEST_F(DiscovererTest, RestartCancelsTheRemove) {
  DiscoverOptions opt;
  opt.grace_ns = 5 * kSeconds;
  opt.rescan_ns = 3600 * kSeconds;
  api_.engine["a"] = {"web"};
  api_.steps = {[&] { api_.Die("a"); },
                [&] { api_.Start("a"); },
                [&] { api_.wait_ns = 10 * kSeconds; }};
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"upsert a", "sync a", "upsert a"}));
}

TEST_F(DiscovererTest, RescansPeriodically) {
  DiscoverOptions opt;
  opt.rescan_ns = 60 * kSeconds;
  api_.engine["a"] = {"web"};
  api_.steps = {[&] {}, [&] {}};
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"upsert a", "sync a", "sync a", "sync a"}));
}

// While subscribed, a rescan asks only about what it has not announced:
// 200 inspects and upserts a minute cost an idle node 0.1% of a core, and
// the renders and watches downstream again.  A new container the events
// missed is still found; after a reconnect everything is asked again.
TEST_F(DiscovererTest, ARescanInspectsOnlyContainersNotAnnouncedYet) {
  DiscoverOptions opt;
  opt.rescan_ns = 60 * kSeconds;
  api_.engine["a"] = {"web"};
  api_.steps = {[&] { api_.engine["b"] = {"db"}; }, [&] {}};
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"upsert a", "sync a", "upsert b", "sync a,b", "sync a,b"}));
}

TEST_F(DiscovererTest, ReconnectsWithCappedBackoffAndHealsByRescan) {
  DiscoverOptions opt;
  opt.rescan_ns = 3600 * kSeconds;
  opt.grace_ns = 3600 * kSeconds;
  api_.engine["old"] = {"web"};
  api_.steps = {[&] {
                  // The engine goes away for 8 attempts; meanwhile "old" is
                  // destroyed and "new" starts, events nobody hears.
                  api_.subscribed = false;
                  api_.down = true;
                  api_.steps_while_down = 8;
                  api_.engine.erase("old");
                  api_.engine["new"] = {"db"};
                }};
  testing::internal::CaptureStderr();
  ASSERT_TRUE(Run(opt).ok());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(Events(), (Lines{"upsert old", "sync old", "upsert new", "remove old", "sync new"}));
  // Said once when the stream broke, and once when it came back: not on every attempt.
  EXPECT_NE(err.find("the engine closed the event stream; reconnecting"), std::string::npos) << err;
  EXPECT_EQ(err.find("retrying"), std::string::npos) << err;
  EXPECT_NE(err.find("fake://engine: connected"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 2) << err;
  // Attempts after the break: +250 ms, then doubling up to the 5 s cap.
  std::vector<int64_t> gaps;
  for (size_t i = 1; i < api_.attempt_times.size(); ++i) {
    gaps.push_back((api_.attempt_times[i] - api_.attempt_times[i - 1]) / kMillis);
  }
  EXPECT_EQ(gaps, (std::vector<int64_t>{250, 500, 1000, 2000, 4000, 5000, 5000, 5000}));
}

TEST_F(DiscovererTest, EngineDownAtStartIsRetriedAndSaidOnce) {
  DiscoverOptions opt;
  opt.rescan_ns = 3600 * kSeconds;
  api_.down = true;
  api_.steps_while_down = 6;
  api_.engine["a"] = {"web"};
  testing::internal::CaptureStderr();
  ASSERT_TRUE(Run(opt).ok());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(Events(), (Lines{"upsert a", "sync a"}));
  EXPECT_EQ(err,
            "lc-discover: fake://engine: cannot connect: Connection refused; retrying (up to every 5000 ms)\n"
            "lc-discover: fake://engine: connected\n");
}

TEST_F(DiscovererTest, ContainerThatStopsMatchingIsRemoved) {
  FilterSpec spec;
  spec.include_label = {{"collect", "yes"}};
  ASSERT_TRUE(ContainerFilter::Create(spec, &filter_).ok());
  DiscoverOptions opt;
  opt.rescan_ns = 3600 * kSeconds;
  api_.engine["a"] = {"web", "running", {{"collect", "yes"}}};
  api_.engine["b"] = {"other", "running", {{"collect", "no"}}};
  api_.steps = {[&] {
    api_.engine["a"].labels["collect"] = "no";
    api_.pending.push_back({"update", "a", clock_.NowNanos()});
  }};
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"upsert a", "sync a", "remove a"}));
}

TEST_F(DiscovererTest, PodSandboxesAreSkipped) {
  api_.engine["p"] = {"k8s_POD_web-0_default_uid_0"};
  api_.engine["c"] = {"k8s_nginx_web-0_default_uid_0"};
  DiscoverOptions opt;
  opt.once = true;
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Events(), (Lines{"upsert c", "sync c"}));
  EXPECT_EQ(Line(0)["k8s"]["pod"], "web-0");
}

TEST_F(DiscovererTest, HostRootPrefixesPaths) {
  api_.engine["a"] = {"web"};
  DiscoverOptions opt;
  opt.once = true;
  opt.host_root = "/host";
  ASSERT_TRUE(Run(opt).ok());
  EXPECT_EQ(Line(0)["log_path"], "/host/logs/a-json.log");
}

}  // namespace
}  // namespace lc
