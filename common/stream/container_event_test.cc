// ParseInspect against inspect bodies saved from a real dockerd
// (tests/fixtures/discover/), and the encoding of the three events.
#include "common/stream/container_event.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/fixture.h"

namespace lc {
namespace {

std::string Fixture(const std::string& name) { return ReadFixture("discover/" + name); }

ContainerInfo Parse(const std::string& fixture, InspectOptions opt = {}) {
  ContainerInfo c;
  Status s = ParseInspect(Fixture(fixture), opt, &c);
  EXPECT_TRUE(s.ok()) << s.message();
  return c;
}

}  // namespace

TEST(ContainerEventTest, ParsesARunningDockerContainer) {
  ContainerInfo c = Parse("docker_inspect_running.json");
  EXPECT_EQ(c.id.size(), 64u);
  EXPECT_EQ(c.name, "lcd-fixture-web");
  EXPECT_EQ(c.image, "lc-test/busybox");
  EXPECT_EQ(c.state, "running");
  EXPECT_TRUE(c.alive());
  EXPECT_GT(c.pid, 0);
  EXPECT_GT(c.started, c.created);
  EXPECT_EQ(c.finished, 0);  // Go's zero time is "not finished"
  EXPECT_EQ(c.labels.at("app"), "web");
  EXPECT_EQ(c.env.at("TIER"), "front");
  EXPECT_EQ(c.env.at("EMPTY"), "");
  ASSERT_EQ(c.mounts.size(), 2u);
  EXPECT_EQ(c.mounts[0].destination, "/var/log/app");
  EXPECT_TRUE(c.mounts[0].rw);
  EXPECT_FALSE(c.mounts[1].rw);
  EXPECT_NE(c.rootfs.find("/overlay2/"), std::string::npos);
  EXPECT_EQ(c.rootfs.substr(c.rootfs.size() - 7), "/merged");
  EXPECT_EQ(c.upperdir.substr(c.upperdir.size() - 5), "/diff");
  // GraphDriver.Data.LowerDir, the topmost layer (Docker's -init) first.
  ASSERT_EQ(c.lowerdirs.size(), 2u);
  EXPECT_EQ(c.lowerdirs[0].substr(c.lowerdirs[0].size() - 10), "-init/diff");
  EXPECT_EQ(c.lowerdirs[1].substr(c.lowerdirs[1].size() - 5), "/diff");
  EXPECT_EQ(c.lowerdirs[1].find("-init"), std::string::npos);
  EXPECT_EQ(c.log_path.substr(c.log_path.size() - 9), "-json.log");
  EXPECT_EQ(c.log_format, "docker-json");
  EXPECT_EQ(c.runtime, "docker");
  EXPECT_FALSE(c.k8s.present());
  EXPECT_FALSE(c.sandbox);
}

TEST(ContainerEventTest, HostRootPrefixesEveryHostPath) {
  ContainerInfo plain = Parse("docker_inspect_running.json");
  InspectOptions opt;
  opt.host_root = "/host/";
  ContainerInfo c = Parse("docker_inspect_running.json", opt);
  EXPECT_EQ(c.log_path, "/host" + plain.log_path);
  EXPECT_EQ(c.rootfs, "/host" + plain.rootfs);
  EXPECT_EQ(c.upperdir, "/host" + plain.upperdir);
  ASSERT_EQ(c.lowerdirs.size(), plain.lowerdirs.size());
  for (size_t i = 0; i < c.lowerdirs.size(); i++) EXPECT_EQ(c.lowerdirs[i], "/host" + plain.lowerdirs[i]);
  EXPECT_EQ(c.mounts[0].source, "/host" + plain.mounts[0].source);
  EXPECT_EQ(c.mounts[0].destination, plain.mounts[0].destination);  // inside the container
  EXPECT_EQ(HostPath("/", "/a"), "/a");
  EXPECT_EQ(HostPath("/h", "rel"), "rel");
}

TEST(ContainerEventTest, ExitedContainerHasFinished) {
  ContainerInfo c = Parse("docker_inspect_exited.json");
  EXPECT_EQ(c.state, "exited");
  EXPECT_FALSE(c.alive());
  EXPECT_GT(c.finished, c.started);
  EXPECT_FALSE(c.log_path.empty());
}

// Found by the hour of fuzzing (fuzz/docker_reply): a member of another
// type than Docker's ("IsInfra", a mount's "RW") threw out of ParseInspect
// and aborted lc-discover.
TEST(ContainerEventTest, RegressionABooleanMemberOfAnotherTypeIsTakenAsAbsent) {
  nlohmann::json j = nlohmann::json::parse(Fixture("docker_inspect_running.json"));
  j["IsInfra"] = "yes";
  j["Mounts"] = nlohmann::json::array({{{"Source", "/s"}, {"Destination", "/d"}, {"RW", 1}}});
  ContainerInfo c;
  ASSERT_TRUE(ParseInspect(j.dump(), InspectOptions(), &c).ok());
  EXPECT_FALSE(c.sandbox);
  ASSERT_FALSE(c.mounts.empty());
  EXPECT_TRUE(c.mounts[0].rw);
}

TEST(ContainerEventTest, KubernetesLabels) {
  ContainerInfo c = Parse("docker_inspect_k8s.json");
  EXPECT_EQ(c.k8s.namespace_name, "default");
  EXPECT_EQ(c.k8s.pod, "web-0");
  EXPECT_EQ(c.k8s.pod_uid, "0f9c-11ee");
  EXPECT_EQ(c.k8s.container, "nginx");
}

TEST(ContainerEventTest, LogFormatFollowsTheDriver) {
  nlohmann::json j = nlohmann::json::parse(Fixture("docker_inspect_running.json"));
  j["HostConfig"]["LogConfig"]["Type"] = "journald";
  ContainerInfo c;
  ASSERT_TRUE(ParseInspect(j.dump(), {}, &c).ok());
  EXPECT_EQ(c.log_path, "");
  EXPECT_EQ(c.log_format, "");
  j["HostConfig"]["LogConfig"]["Type"] = "k8s-file";
  InspectOptions podman;
  podman.runtime = "podman";
  ASSERT_TRUE(ParseInspect(j.dump(), podman, &c).ok());
  EXPECT_EQ(c.log_format, "cri");
  EXPECT_EQ(c.runtime, "podman");
}

TEST(ContainerEventTest, RejectsWhatIsNotAContainer) {
  ContainerInfo c;
  EXPECT_TRUE(ParseInspect("{\"message\":\"No such container\"}", {}, &c).IsCorruption());
  EXPECT_TRUE(ParseInspect("not json", {}, &c).IsCorruption());
}

TEST(ContainerEventTest, UpsertHasSortedKeysAndEveryField) {
  ContainerInfo c = Parse("docker_inspect_k8s.json");
  std::string out;
  AppendUpsert(c, &out);
  ASSERT_EQ(out.back(), '\n');
  nlohmann::json j = nlohmann::json::parse(out);
  for (const char* key : {"event", "id", "name", "image", "state", "pid", "created", "started", "runtime",
                          "labels", "env", "mounts", "rootfs", "upperdir", "log_path", "log_format", "k8s"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["event"], "upsert");
  EXPECT_EQ(j["k8s"]["pod"], "web-0");
  // Keys in byte order at the top level: "created" < "env" < "event" < ...
  EXPECT_LT(out.find("\"created\""), out.find("\"env\""));
  EXPECT_LT(out.find("\"env\""), out.find("\"event\""));
  EXPECT_LT(out.find("\"upperdir\""), out.size());
  EXPECT_LT(out.find("\"state\""), out.find("\"upperdir\""));
}

TEST(ContainerEventTest, ATmpfsOfHostConfigIsAMountWithoutASource) {
  // `docker run --tmpfs /run/app --mount type=tmpfs,destination=/scratch`:
  // the first is only in HostConfig.Tmpfs, the second in both.
  std::string body = R"({"Id":"abc","Name":"/t","Config":{},"State":{"Status":"running"},
    "HostConfig":{"Tmpfs":{"/run/app":"size=1m"}},
    "Mounts":[{"Type":"tmpfs","Source":"","Destination":"/scratch","RW":true},
              {"Type":"bind","Source":"/srv","Destination":"/run/app/conf","RW":false}]})";
  ContainerInfo c;
  ASSERT_TRUE(ParseInspect(body, InspectOptions{}, &c).ok());
  ASSERT_EQ(c.mounts.size(), 3u);
  EXPECT_EQ(c.mounts[2].destination, "/run/app");
  EXPECT_EQ(c.mounts[2].source, "");
  std::string listed = R"({"Id":"abc","Config":{},"State":{},"HostConfig":{"Tmpfs":{"/scratch":""}},
    "Mounts":[{"Type":"tmpfs","Source":"","Destination":"/scratch","RW":true}]})";
  ASSERT_TRUE(ParseInspect(listed, InspectOptions{}, &c).ok());
  EXPECT_EQ(c.mounts.size(), 1u);  // not twice
}

TEST(ContainerEventTest, SplitLowerDirsKeepsTheOrderAndPrefixesTheHostRoot) {
  EXPECT_EQ(SplitLowerDirs("/a/diff:/b/diff::/c", ""), (std::vector<std::string>{"/a/diff", "/b/diff", "/c"}));
  EXPECT_EQ(SplitLowerDirs("/a:/b", "/host"), (std::vector<std::string>{"/host/a", "/host/b"}));
  EXPECT_TRUE(SplitLowerDirs("", "/host").empty());
}

TEST(ContainerEventTest, RemoveAndSync) {
  std::string out;
  AppendRemove("abc", 1'700'000'000'500'000'000, &out);
  AppendRemove("def", 0, &out);
  AppendSync({"abc", "def"}, &out);
  EXPECT_EQ(out,
            "{\"event\":\"remove\",\"finished\":\"2023-11-14T22:13:20.500000000Z\",\"id\":\"abc\"}\n"
            "{\"event\":\"remove\",\"id\":\"def\"}\n"
            "{\"event\":\"sync\",\"ids\":[\"abc\",\"def\"]}\n");
}

namespace {

ContainerEvent Decode(std::string_view line) {
  ContainerEvent e;
  Status st = DecodeContainerEvent(line, &e);
  EXPECT_TRUE(st.ok()) << st.message() << " in " << line;
  return e;
}

void ExpectSameContainer(const ContainerInfo& a, const ContainerInfo& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.image, b.image);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.pid, b.pid);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.started, b.started);
  EXPECT_EQ(a.finished, b.finished);
  EXPECT_EQ(a.runtime, b.runtime);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.env, b.env);
  ASSERT_EQ(a.mounts.size(), b.mounts.size());
  for (size_t i = 0; i < a.mounts.size(); i++) {
    EXPECT_EQ(a.mounts[i].source, b.mounts[i].source);
    EXPECT_EQ(a.mounts[i].destination, b.mounts[i].destination);
    EXPECT_EQ(a.mounts[i].rw, b.mounts[i].rw);
  }
  EXPECT_EQ(a.rootfs, b.rootfs);
  EXPECT_EQ(a.upperdir, b.upperdir);
  EXPECT_EQ(a.lowerdirs, b.lowerdirs);
  EXPECT_EQ(a.log_path, b.log_path);
  EXPECT_EQ(a.log_format, b.log_format);
  EXPECT_EQ(a.k8s.namespace_name, b.k8s.namespace_name);
  EXPECT_EQ(a.k8s.pod, b.k8s.pod);
  EXPECT_EQ(a.k8s.pod_uid, b.k8s.pod_uid);
  EXPECT_EQ(a.k8s.container, b.k8s.container);
}

}  // namespace

TEST(ContainerEventTest, UpsertsOfRealContainersRoundTrip) {
  for (const char* fixture : {"docker_inspect_k8s.json", "docker_inspect_running.json"}) {
    ContainerInfo c = Parse(fixture);
    c.labels["odd \"key\""] = "a\\b\nc";
    c.mounts.push_back({"/srv/x", "/x", false});
    std::string line;
    AppendUpsert(c, &line);
    ContainerEvent e = Decode(line);
    EXPECT_EQ(ContainerEvent::kUpsert, e.type);
    ExpectSameContainer(c, e.container);
    std::string again;
    AppendContainerEvent(e, &again);
    EXPECT_EQ(line, again);
  }
}

TEST(ContainerEventTest, RemoveAndSyncRoundTrip) {
  std::string out;
  AppendRemove("abc", 1'700'000'000'500'000'001, &out);
  ContainerEvent e = Decode(out);
  EXPECT_EQ(ContainerEvent::kRemove, e.type);
  EXPECT_EQ("abc", e.container.id);
  EXPECT_EQ(1'700'000'000'500'000'001, e.container.finished);
  EXPECT_EQ(0, Decode(R"({"event":"remove","id":"def"})").container.finished);
  e = Decode(R"({"event":"sync","ids":["a","b"]})");
  EXPECT_EQ(ContainerEvent::kSync, e.type);
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), e.ids);
  std::string again;
  AppendContainerEvent(e, &again);
  EXPECT_EQ("{\"event\":\"sync\",\"ids\":[\"a\",\"b\"]}\n", again);
  // Fields this version does not know are ignored; what is absent is empty.
  e = Decode(R"({"event":"upsert","id":"x","future":{"a":[1]}})");
  EXPECT_EQ("x", e.container.id);
  EXPECT_EQ("", e.container.log_path);
  EXPECT_TRUE(e.container.mounts.empty());
}

// DecodeContainerEvent reads a line without a backslash straight from its
// text and leaves every other line (and every error) to a JSON tree.  The
// same event with one escaped unknown key in front goes the tree's way: the
// two must decode alike, errors included.
TEST(ContainerEventTest, TheFastPathDecodesAsTheTreeDoes) {
  std::string real;
  AppendUpsert(Parse("docker_inspect_k8s.json"), &real);
  real.pop_back();
  for (std::string line :
       {real, std::string(R"({"event":"upsert","id":"a","id":"b","labels":{"x":"1"},"labels":{"y":"2","y":"3"},)") +
                  R"("pid":-42,"mounts":[{"source":"/s","destination":"/d","rw":false},{"destination":"/e"}],)" +
                  R"("lowerdirs":["/l1","/l2"],"k8s":{"pod":"p","pod":"q","other":[1]},"state":"running"})",
        std::string(R"({"event":"upsert","id":"x","pid":1234567890123456789})"),
        std::string(R"({"event":"upsert","id":"x","pid":12345678901234567890})"),
        std::string(R"({"event":"upsert","id":"x","pid":1.0})"), std::string(R"({"event":"upsert","id":"x","pid":1e3})"),
        std::string(R"({"event":"upsert","id":"x","created":"2024-01-02T03:04:05.5Z","finished":""})"),
        std::string(R"({"event":"upsert","id":"x","mounts":[{"rw":1}]})"),
        std::string(R"({"event":"upsert","id":"x","mounts":{}})"), std::string(R"({"event":"upsert","id":""})"),
        std::string(R"({"event":"remove","id":"x","finished":"2024-01-02T03:04:05Z"})"),
        std::string(R"({"event":"remove","id":"x","event":"sync","ids":["b","a"]})"),
        std::string(R"({"event":"sync","ids":"a"})"), std::string(R"({"event":"upsert","id":"x","k8s":[]})"),
        std::string("{\"event\":\"upsert\",\"id\":\"\xff\"}"), std::string(R"({"event":"other"})"),
        // Broken after every member the event needs: the whole line decides.
        std::string("{\"event\":\"upsert\",\"id\":\"x\",\"zz\":\"\xff\"}"),
        std::string(R"({"event":"upsert","id":"x","zz":[1,}])"), std::string(R"({"event":"remove","id":"x",)")}) {
    std::string tree = "{\"\\u007a\":0," + line.substr(1);
    ContainerEvent a, b;
    Status sa = DecodeContainerEvent(line, &a), sb = DecodeContainerEvent(tree, &b);
    EXPECT_EQ(sa.ok(), sb.ok()) << line;
    EXPECT_EQ(sa.message(), sb.message()) << line;
    EXPECT_EQ(a.type, b.type) << line;
    EXPECT_EQ(a.ids, b.ids) << line;
    ExpectSameContainer(a.container, b.container);
  }
}

TEST(ContainerEventTest, MalformedEventsSayWhatIsWrong) {
  struct Case {
    const char* line;
    const char* why;
  };
  for (Case k : {Case{"{\"event\":", "not a JSON object"}, Case{"[1]", "not a JSON object"},
                 Case{R"({"event":"start","id":"x"})", "unknown event 'start'"},
                 Case{R"({"id":"x"})", "unknown event ''"},
                 Case{R"({"event":7})", "\"event\" is not a string"},
                 Case{R"({"event":"upsert","log_path":"/x"})", "upsert without an \"id\""},
                 Case{R"({"event":"upsert","id":5})", "upsert: \"id\" is not a string"},
                 Case{R"({"event":"upsert","id":"x","log_path":["/x"]})", "upsert: \"log_path\" is not a string"},
                 Case{R"({"event":"upsert","id":"x","pid":"1"})", "upsert: \"pid\" is not an integer"},
                 Case{R"({"event":"upsert","id":"x","started":"yesterday"})",
                      "upsert: \"started\" is not an RFC 3339 time"},
                 Case{R"({"event":"upsert","id":"x","labels":{"a":1}})", "upsert: \"labels.a\" is not a string"},
                 Case{R"({"event":"upsert","id":"x","env":[]})", "upsert: \"env\" is not an object of strings"},
                 Case{R"({"event":"upsert","id":"x","mounts":[1]})", "upsert: \"mounts\" is not an array"},
                 Case{R"({"event":"upsert","id":"x","mounts":[{"rw":"yes"}]})", "upsert: \"rw\" is not true"},
                 Case{R"({"event":"upsert","id":"x","k8s":{"pod":1}})", "upsert: \"pod\" is not a string"},
                 Case{R"({"event":"remove"})", "remove without an \"id\""},
                 Case{R"({"event":"remove","id":"x","finished":"soon"})", "remove: \"finished\" is not an RFC"},
                 Case{R"({"event":"sync"})", "sync without \"ids\""},
                 Case{R"({"event":"sync","ids":["a",null]})", "sync: \"ids\" is not an array of strings"}}) {
    ContainerEvent e;
    Status st = DecodeContainerEvent(k.line, &e);
    EXPECT_TRUE(st.IsInvalidArgument()) << k.line;
    EXPECT_NE(std::string::npos, st.message().find(k.why)) << k.line << ": " << st.message();
  }
}

}  // namespace lc
