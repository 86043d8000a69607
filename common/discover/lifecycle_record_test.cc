#include "common/discover/lifecycle_record.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "testing/fake_clock.h"

namespace lc {
namespace {

// An engine that knows some containers and answers inspects from them.
class KnownApi : public ContainerApi {
 public:
  std::map<std::string, ContainerInfo> containers;
  std::string Describe() const override { return "known"; }
  Status Version(std::string* runtime) override {
    *runtime = "docker";
    return Status::OK();
  }
  Status Subscribe() override { return Status::OK(); }
  Status WaitEvents(int64_t, std::vector<RuntimeEvent>*) override { return Status::OK(); }
  void CloseEvents() override {}
  void Sleep(int64_t) override {}
  Status List(bool, std::vector<std::string>* ids) override {
    for (const auto& [id, c] : containers) ids->push_back(id);
    return Status::OK();
  }
  void Inspect(const std::vector<std::string>& ids, std::vector<Inspected>* out) override {
    out->clear();
    for (const std::string& id : ids) {
      Inspected r;
      r.id = id;
      auto it = containers.find(id);
      if (it == containers.end()) {
        r.status = Status::NotFound(id);
      } else {
        r.parsed = true;
        r.info = it->second;
      }
      out->push_back(r);
    }
  }
};

TEST(LifecycleRecordTest, EventNames) {
  EXPECT_EQ(LifecycleEventName("start"), "container.start");
  EXPECT_EQ(LifecycleEventName("die"), "container.die");
  EXPECT_EQ(LifecycleEventName("died"), "container.die");
  EXPECT_EQ(LifecycleEventName("oom"), "container.oom");
  EXPECT_EQ(LifecycleEventName("restart"), "container.restart");
  EXPECT_EQ(LifecycleEventName("health_status: unhealthy"), "container.health_status");
  EXPECT_EQ(LifecycleEventName("destroy"), "container.destroy");
  EXPECT_EQ(LifecycleEventName("kill"), "");
  EXPECT_EQ(LifecycleEventName("exec_start: sh"), "");
}

TEST(LifecycleRecordTest, DieCarriesTheExitCodeAndThePod) {
  RuntimeEvent e{"die", "abc", 1'700'000'000'000'000'000, {{"exitCode", "137"}}};
  ContainerInfo c;
  c.id = "abc";
  c.name = "k8s_web_web-0_prod_u1_0";
  c.k8s = K8sMetadata::From({}, c.name);
  std::string line;
  AppendRecord(LifecycleRecord(e, c, "n1", 5), &line);
  EXPECT_EQ(line,
            "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"container k8s_web_web-0_prod_u1_0 died (exit code 137)\","
            "\"event.name\":\"container.die\",\"host.name\":\"n1\",\"container.id\":\"abc\","
            "\"container.name\":\"k8s_web_web-0_prod_u1_0\",\"k8s.namespace.name\":\"prod\",\"k8s.pod.name\":\"web-0\","
            "\"k8s.pod.uid\":\"u1\",\"k8s.container.name\":\"web\",\"container.exit_code\":137}\n");
  RuntimeEvent h{"health_status: unhealthy", "abc", 0, {}};
  Record r = LifecycleRecord(h, c, "", 7);
  EXPECT_EQ(r.time, "1970-01-01T00:00:00.000000007Z");
  ASSERT_NE(r.Field("container.health.status"), nullptr);
  EXPECT_EQ(*r.Field("container.health.status"), "unhealthy");
}

TEST(LifecycleRecordTest, FromAttributesLabelsWithoutEngineKeys) {
  RuntimeEvent e{"destroy", "abc", 0, {{"name", "web"}, {"image", "nginx"}, {"exitCode", "0"}, {"app", "x"},
                                       {"io.kubernetes.pod.namespace", "prod"}}};
  ContainerInfo c = ContainerFromAttributes(e);
  EXPECT_EQ(c.name, "web");
  EXPECT_EQ(c.image, "nginx");
  EXPECT_EQ(c.labels, (std::map<std::string, std::string>{{"app", "x"}, {"io.kubernetes.pod.namespace", "prod"}}));
  EXPECT_EQ(c.k8s.namespace_name, "prod");
}

// A destroyed container is told with what was known of it; filters apply;
// actions that are not told write nothing.
TEST(LifecycleRecordTest, ApplyUsesWhatWasKnownAndTheFilter) {
  int p[2];
  ASSERT_EQ(pipe2(p, O_NONBLOCK), 0);
  OutputWriter out(p[1]);
  KnownApi api;
  api.containers["a1"].id = "a1";
  api.containers["a1"].name = "web";
  api.containers["a1"].labels["app"] = "web";
  api.containers["b2"].id = "b2";
  api.containers["b2"].name = "db";
  FilterSpec spec;
  spec.include_label = {{"app", "web"}};
  ContainerFilter filter;
  ASSERT_TRUE(ContainerFilter::Create(spec, &filter).ok());
  FakeClock clock;
  LifecycleRecorder rec(&api, &filter, &clock, &out, LifecycleOptions(), [] { return false; });
  rec.Apply({{"start", "a1", 1, {}}, {"start", "b2", 2, {}}, {"kill", "a1", 3, {}}});
  api.containers.erase("a1");
  rec.Apply({{"destroy", "a1", 4, {}}, {"destroy", "zz", 5, {{"name", "other"}, {"app", "web"}}}});
  ASSERT_TRUE(out.Flush().ok());
  char buf[8192];
  ssize_t n = read(p[0], buf, sizeof buf);
  ASSERT_GT(n, 0);
  std::string got(buf, static_cast<size_t>(n));
  close(p[0]);
  close(p[1]);
  EXPECT_NE(got.find("\"body\":\"container web started\""), std::string::npos) << got;
  EXPECT_NE(got.find("\"body\":\"container web destroyed\""), std::string::npos) << got;
  EXPECT_NE(got.find("\"body\":\"container other destroyed\""), std::string::npos) << got;
  EXPECT_EQ(got.find("db"), std::string::npos) << got;
  EXPECT_EQ(std::count(got.begin(), got.end(), '\n'), 3);
}

}  // namespace
}  // namespace lc
