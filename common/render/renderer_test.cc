#include "common/render/renderer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <sstream>

namespace lc {
namespace {

CollectionConfig Config(const std::string& text) {
  CollectionConfig c;
  Status s = CollectionConfig::Parse(text, "t.json", &c);
  EXPECT_TRUE(s.ok()) << s.message();
  return c;
}

std::vector<WatchEvent> Lines(const std::string& out) {
  std::vector<WatchEvent> events;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    WatchEvent e;
    Status s = DecodeWatchEvent(line, &e);
    EXPECT_TRUE(s.ok()) << s.message() << ": " << line;
    events.push_back(e);
  }
  return events;
}

class RendererTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/renderer_test.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
    system(("mkdir -p " + dir_ + "/upper " + dir_ + "/merged " + dir_ + "/vol").c_str());
    web_.id = "c0ffee";
    web_.name = "web";
    web_.image = "nginx:1.25";
    web_.state = "running";
    web_.labels = {{"app", "nginx"}, {"app.kubernetes.io/name", "shop"}};
    web_.env = {{"TIER", "front"}};
    web_.upperdir = dir_ + "/upper";
    web_.rootfs = dir_ + "/merged";
    web_.mounts = {{dir_ + "/vol", "/var/log/nginx", true}};
    web_.k8s.namespace_name = "prod";
    web_.k8s.pod = "web-0";
    web_.k8s.pod_uid = "uid-1";
    web_.k8s.container = "nginx";
  }
  void TearDown() override { system(("rm -rf " + dir_).c_str()); }
  std::string Upsert(Renderer* r, const ContainerInfo& c) {
    ContainerEvent e;
    e.container = c;
    std::string out;
    r->Apply(e, &out);
    return out;
  }
  std::string dir_;
  ContainerInfo web_;
};

const char* kNginx = R"({"name":"nginx","input":{"type":"container_file","paths":["/var/log/nginx/*.log","/srv/app.log"],
    "exclude":["*.gz"],"containers":{"include_label":["app=nginx"]}},"from":"head","tags":{"env":"prod"},
    "label_tags":{"app.kubernetes.io/name":"service.name","missing":"nothing"},"env_tags":{"TIER":"tier"},
    "parser":{"type":"json"}})";
const char* kAll = R"({"name":"all","input":{"type":"container_file","paths":["/tmp/*.txt"]}})";
const char* kNone = R"({"name":"none","input":{"type":"container_file","paths":["/x"],
    "containers":{"include_image":["never"]}}})";

TEST_F(RendererTest, OneWatchPerConfigAndContainerWithItsTags) {
  std::vector<std::string> warnings;
  Renderer r({Config(kNginx), Config(kAll), Config(kNone)}, RealFileSystem(),
             [&](const std::string& m) { warnings.push_back(m); });
  std::vector<WatchEvent> got = Lines(Upsert(&r, web_));
  ASSERT_EQ(2u, got.size());
  EXPECT_EQ("all/c0ffee", got[0].key);
  const WatchEvent& w = got[1];
  EXPECT_EQ(WatchEvent::kAdd, w.type);
  EXPECT_EQ("nginx/c0ffee", w.key);
  EXPECT_EQ((std::vector<std::string>{dir_ + "/upper/srv/app.log", dir_ + "/vol/*.log"}), w.paths);
  EXPECT_EQ(std::vector<std::string>{"*.gz"}, w.excludes);
  EXPECT_EQ(dir_ + "/upper", w.root);
  EXPECT_EQ("head", w.from);
  EXPECT_EQ(R"({"type":"json"})", w.parser);
  using Tags = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ((Tags{{"container.id", "c0ffee"},
                  {"container.image.name", "nginx:1.25"},
                  {"container.name", "web"},
                  {"env", "prod"},
                  {"k8s.container.name", "nginx"},
                  {"k8s.namespace.name", "prod"},
                  {"k8s.pod.name", "web-0"},
                  {"k8s.pod.uid", "uid-1"},
                  {"lc.config", "nginx"},
                  {"service.name", "shop"},
                  {"tier", "front"}}),
            w.tags);
  EXPECT_TRUE(warnings.empty());
}

TEST_F(RendererTest, TheSameEventsTwiceSendNothingNewAndAFreshRendererSendsTheSame) {
  Renderer r({Config(kNginx)}, RealFileSystem(), nullptr);
  std::string first = Upsert(&r, web_);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ("", Upsert(&r, web_));
  Renderer again({Config(kNginx)}, RealFileSystem(), nullptr);
  EXPECT_EQ(first, Upsert(&again, web_));
  // A change that renders differently sends the new add.
  web_.env["TIER"] = "back";
  std::vector<WatchEvent> got = Lines(Upsert(&r, web_));
  ASSERT_EQ(1u, got.size());
  EXPECT_EQ(WatchEvent::kAdd, got[0].type);
}

TEST_F(RendererTest, AFilterThatNoLongerMatchesRemovesTheWatch) {
  Renderer r({Config(kNginx)}, RealFileSystem(), nullptr);
  Upsert(&r, web_);
  web_.labels["app"] = "apache";
  std::vector<WatchEvent> got = Lines(Upsert(&r, web_));
  ASSERT_EQ(1u, got.size());
  EXPECT_EQ(WatchEvent::kRemove, got[0].type);
  EXPECT_EQ("nginx/c0ffee", got[0].key);
}

TEST_F(RendererTest, RemoveAndSync) {
  Renderer r({Config(kNginx), Config(kAll)}, RealFileSystem(), nullptr);
  Upsert(&r, web_);
  ContainerInfo other = web_;
  other.id = "beef";
  other.labels.clear();
  Upsert(&r, other);
  std::string out;
  ASSERT_TRUE(r.ApplyLine(R"({"event":"sync","ids":["c0ffee","beef"]})", &out).ok());
  std::vector<WatchEvent> got = Lines(out);
  ASSERT_EQ(1u, got.size());
  EXPECT_EQ(WatchEvent::kSync, got[0].type);
  EXPECT_EQ((std::vector<std::string>{"all/beef", "all/c0ffee", "nginx/c0ffee"}), got[0].keys);

  out.clear();
  ASSERT_TRUE(r.ApplyLine(R"({"event":"remove","id":"c0ffee"})", &out).ok());
  got = Lines(out);
  ASSERT_EQ(2u, got.size());
  EXPECT_EQ(WatchEvent::kRemove, got[0].type);
  EXPECT_EQ("all/c0ffee", got[0].key);
  EXPECT_EQ("nginx/c0ffee", got[1].key);

  // A sync that no longer lists a container removes its watches first.
  out.clear();
  ASSERT_TRUE(r.ApplyLine(R"({"event":"sync","ids":[]})", &out).ok());
  got = Lines(out);
  ASSERT_EQ(2u, got.size());
  EXPECT_EQ(WatchEvent::kRemove, got[0].type);
  EXPECT_EQ("all/beef", got[0].key);
  EXPECT_TRUE(got[1].keys.empty());

  EXPECT_TRUE(r.ApplyLine("{nope", &out).IsInvalidArgument());
}

TEST_F(RendererTest, AStoppedContainerKeepsWhatWasRenderedWhileItRan) {
  Renderer r({Config(kNginx)}, RealFileSystem(), nullptr);
  Upsert(&r, web_);
  web_.state = "exited";
  web_.rootfs.clear();
  EXPECT_EQ("", Upsert(&r, web_));
}

TEST_F(RendererTest, ASkippedPatternIsReportedOncePerWatch) {
  web_.mounts = {{"", "/var/log/nginx", true}};
  std::vector<std::string> warnings;
  Renderer r({Config(kNginx)}, RealFileSystem(), [&](const std::string& m) { warnings.push_back(m); });
  std::vector<WatchEvent> got = Lines(Upsert(&r, web_));
  ASSERT_EQ(1u, got.size());
  EXPECT_EQ(std::vector<std::string>{dir_ + "/upper/srv/app.log"}, got[0].paths);
  web_.env["X"] = "1";
  Upsert(&r, web_);
  ASSERT_EQ(1u, warnings.size());
  EXPECT_EQ("lc-render: nginx/c0ffee: /var/log/nginx/*.log: on the tmpfs at /var/log/nginx, which the host cannot "
            "read: skipped",
            warnings[0]);
}

}  // namespace
}  // namespace lc
