#include "common/render/collection_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

namespace lc {
namespace {

Status Parse(const std::string& text, CollectionConfig* c) { return CollectionConfig::Parse(text, "conf.d/web.json", c); }

std::string Error(const std::string& text) {
  CollectionConfig c;
  Status s = Parse(text, &c);
  EXPECT_TRUE(s.IsInvalidArgument()) << text;
  return s.message();
}

TEST(CollectionConfig, ParsesEveryField) {
  CollectionConfig c;
  Status s = Parse(R"({"name":"web","input":{"type":"container_file","paths":["/var/log/nginx/*.log","/srv/**/x.log"],
      "exclude":["*.gz","/var/log/nginx/old/*"],"containers":{"include_label":["app=nginx"],"exclude_env":["LOGGING=off"],
      "k8s_namespace":["^prod-.*$"]}},"from":"head","tags":{"env":"prod","b":"1"},
      "label_tags":{"app.kubernetes.io/name":"service.name"},"env_tags":{"TIER":"tier"},
      "parser":{"type":"json"},"multiline":{"start":"^\\d"}})", &c);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ("web", c.name);
  EXPECT_EQ("conf.d/web.json", c.file);
  EXPECT_EQ((std::vector<std::string>{"/var/log/nginx/*.log", "/srv/**/x.log"}), c.paths);
  EXPECT_EQ((std::vector<std::string>{"*.gz", "/var/log/nginx/old/*"}), c.excludes);
  EXPECT_EQ("head", c.from);
  using KV = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ((KV{{"b", "1"}, {"env", "prod"}}), c.tags);
  EXPECT_EQ((KV{{"app.kubernetes.io/name", "service.name"}}), c.label_tags);
  EXPECT_EQ((KV{{"TIER", "tier"}}), c.env_tags);
  EXPECT_EQ(R"({"type":"json"})", c.parser);
  EXPECT_EQ(R"({"start":"^\\d"})", c.multiline);
  EXPECT_EQ((KV{{"app", "nginx"}}), c.containers.include_label);
  EXPECT_EQ((KV{{"LOGGING", "off"}}), c.containers.exclude_env);

  // The filter is lc-discover's: built and working.
  ContainerInfo nginx;
  nginx.labels["app"] = "nginx";
  nginx.k8s.namespace_name = "prod-eu";
  EXPECT_TRUE(c.filter.Matches(nginx));
  nginx.env["LOGGING"] = "off";
  EXPECT_FALSE(c.filter.Matches(nginx));
  ContainerInfo other = nginx;
  other.env.clear();
  other.k8s.namespace_name = "dev";
  EXPECT_FALSE(c.filter.Matches(other));
}

TEST(CollectionConfig, MinimalConfigMatchesEveryContainer) {
  CollectionConfig c;
  ASSERT_TRUE(Parse(R"({"name":"all.logs_1-x","input":{"type":"container_file","paths":["/a.log"]}})", &c).ok());
  EXPECT_TRUE(c.filter.Matches(ContainerInfo()));
  EXPECT_EQ("", c.from);
  EXPECT_EQ("", c.parser);
}

TEST(CollectionConfig, ErrorsNameTheFileAndTheField) {
  const std::string in = R"("input":{"type":"container_file","paths":["/a.log"]})";
  EXPECT_EQ("conf.d/web.json: input.paths[1]: not absolute",
            Error(R"({"name":"w","input":{"type":"container_file","paths":["/a","b/c"]}})"));
  EXPECT_EQ("conf.d/web.json: colour: unknown field", Error(R"({"name":"w","colour":1,)" + in + "}"));
  EXPECT_EQ("conf.d/web.json: input.pathz: unknown field",
            Error(R"({"name":"w","input":{"type":"container_file","pathz":["/a"]}})"));
  EXPECT_EQ("conf.d/web.json: name: want [a-z0-9._-]+", Error(R"({"name":"Web",)" + in + "}"));
  EXPECT_EQ("conf.d/web.json: name: missing", Error("{" + in + "}"));
  EXPECT_EQ("conf.d/web.json: input: missing", Error(R"({"name":"w"})"));
  EXPECT_EQ("conf.d/web.json: input.paths: missing", Error(R"({"name":"w","input":{"type":"container_file"}})"));
  EXPECT_EQ("conf.d/web.json: input.paths: empty",
            Error(R"({"name":"w","input":{"type":"container_file","paths":[]}})"));
  EXPECT_NE(std::string::npos,
            Error(R"({"name":"w","input":{"type":"file","paths":["/a"]}})").find("input.type: \"file\": unknown"));
  EXPECT_EQ("conf.d/web.json: from: want \"head\" or \"tail\"", Error(R"({"name":"w","from":"start",)" + in + "}"));
  EXPECT_EQ("conf.d/web.json: tags.env: not a non-empty string", Error(R"({"name":"w","tags":{"env":1},)" + in + "}"));
  EXPECT_EQ("conf.d/web.json: parser: not an object", Error(R"({"name":"w","parser":"json",)" + in + "}"));
  EXPECT_EQ("conf.d/web.json: input.containers.include_lable: unknown filter",
            Error(R"({"name":"w","input":{"type":"container_file","paths":["/a"],"containers":{"include_lable":["a=b"]}}})"));
  EXPECT_EQ("conf.d/web.json: input.containers.include_label[0]: 'app': want KEY=VALUE",
            Error(R"({"name":"w","input":{"type":"container_file","paths":["/a"],"containers":{"include_label":["app"]}}})"));
  std::string bad_regex =
      Error(R"({"name":"w","input":{"type":"container_file","paths":["/a"],"containers":{"k8s_namespace":["^prod-(.*$"]}}})");
  EXPECT_EQ(0u, bad_regex.find("conf.d/web.json: input.containers.k8s_namespace[0]: ")) << bad_regex;
  // The parser and multiline objects are checked as lc-tail builds them (shape_config.h).
  std::string bad_parser = Error(R"({"name":"w","parser":{"type":"regex","regex":"(?<a>"},)" + in + "}");
  EXPECT_EQ(0u, bad_parser.find("conf.d/web.json: parser.regex: ")) << bad_parser;
  EXPECT_EQ("conf.d/web.json: multiline: needs \"start\" or \"continue\"",
            Error(R"({"name":"w","multiline":{"timeout":"1s"},)" + in + "}"));
  EXPECT_EQ(0u, Error(R"({"name":"w","rate_limit":"fast",)" + in + "}").find("conf.d/web.json: rate_limit: invalid rate 'fast'"));
  EXPECT_EQ("conf.d/web.json: rate_limit: want a rate such as \"10MB/s\" or a number of bytes per second",
            Error(R"({"name":"w","rate_limit":-5,)" + in + "}"));
  EXPECT_EQ("conf.d/web.json: rate_limit: want a rate such as \"10MB/s\" or a number of bytes per second",
            Error(R"({"name":"w","rate_limit":1.5,)" + in + "}"));
  EXPECT_EQ(0u, Error("{\"name\":").find("conf.d/web.json: not JSON"));
  EXPECT_EQ("conf.d/web.json: not a JSON object", Error("[]"));
}

TEST(CollectionConfig, HostFileAndContainerStdoutInputs) {
  CollectionConfig c;
  Status s = Parse(R"({"name":"sys","input":{"type":"host_file","paths":["/var/log/**/*.log"],"exclude":["*.gz"]},
      "groups":["web","db-1"],"sink":"file:///srv/out","tags":{"env":"prod"},"from":"head"})", &c);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ("host_file", c.type);
  EXPECT_EQ((std::vector<std::string>{"/var/log/**/*.log"}), c.paths);
  EXPECT_EQ((std::vector<std::string>{"*.gz"}), c.excludes);
  EXPECT_EQ((std::vector<std::string>{"web", "db-1"}), c.groups);
  EXPECT_EQ("file:///srv/out", c.sink);

  s = Parse(R"({"name":"out","input":{"type":"container_stdout","streams":["stderr"],
      "containers":{"include_label":["app=web"],"k8s_namespace":["^prod-.*$"]}}})", &c);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ("container_stdout", c.type);
  EXPECT_EQ((std::vector<std::string>{"stderr"}), c.streams);
  using KV = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ((KV{{"--include-label", "app=web"}, {"--k8s-namespace", "^prod-.*$"}}), c.discover_flags);
  EXPECT_TRUE(c.paths.empty());
  EXPECT_TRUE(c.groups.empty());
  EXPECT_EQ("", c.sink);
}

TEST(CollectionConfig, NewFieldsAreCheckedAndNamed) {
  const std::string host = R"("input":{"type":"host_file","paths":["/var/log/a.log"]})";
  const std::string out = R"("input":{"type":"container_stdout"})";
  EXPECT_EQ("conf.d/web.json: input.paths[0]: not absolute",
            Error(R"({"name":"w","input":{"type":"host_file","paths":["a.log"]}})"));
  EXPECT_EQ("conf.d/web.json: input.containers: not a field of input.type \"host_file\"",
            Error(R"({"name":"w","input":{"type":"host_file","paths":["/a"],"containers":{}}})"));
  EXPECT_EQ("conf.d/web.json: input.paths: not a field of input.type \"container_stdout\"",
            Error(R"({"name":"w","input":{"type":"container_stdout","paths":["/a"]}})"));
  EXPECT_EQ("conf.d/web.json: input.streams[1]: want \"stdout\" or \"stderr\"",
            Error(R"({"name":"w","input":{"type":"container_stdout","streams":["stdout","err"]}})"));
  EXPECT_EQ("conf.d/web.json: input.streams: empty",
            Error(R"({"name":"w","input":{"type":"container_stdout","streams":[]}})"));
  EXPECT_EQ("conf.d/web.json: groups[1]: want a non-empty name without blanks or ','",
            Error(R"({"name":"w","groups":["a","b c"],)" + host + "}"));
  EXPECT_EQ("conf.d/web.json: groups: not an array of strings", Error(R"({"name":"w","groups":"a",)" + host + "}"));
  EXPECT_EQ("conf.d/web.json: sink: want an lc-ship sink URL", Error(R"({"name":"w","sink":"/srv/out",)" + host + "}"));
  EXPECT_EQ("conf.d/web.json: sink: want an lc-ship sink URL", Error(R"({"name":"w","sink":3,)" + host + "}"));
  EXPECT_EQ("conf.d/web.json: label_tags: not supported for input.type \"host_file\" yet",
            Error(R"({"name":"w","label_tags":{"a":"b"},)" + host + "}"));
  EXPECT_EQ("conf.d/web.json: from: not supported for input.type \"container_stdout\" yet",
            Error(R"({"name":"w","from":"head",)" + out + "}"));
}

TEST(CollectionConfig, RateLimitIsARateOrBytesPerSecond) {
  const std::string in = R"("input":{"type":"host_file","paths":["/a.log"]})";
  CollectionConfig c;
  ASSERT_TRUE(Parse(R"({"name":"w","rate_limit":"10MB/s",)" + in + "}", &c).ok());
  EXPECT_EQ(10'000'000, c.rate_limit);
  ASSERT_TRUE(Parse(R"({"name":"w","rate_limit":65536,)" + in + "}", &c).ok());
  EXPECT_EQ(65536, c.rate_limit);
  ASSERT_TRUE(Parse(R"({"name":"w","rate_limit":"0",)" + in + "}", &c).ok());
  EXPECT_EQ(0, c.rate_limit);
  ASSERT_TRUE(Parse(R"({"name":"w",)" + in + "}", &c).ok());
  EXPECT_EQ(0, c.rate_limit);
}

TEST(CollectionConfig, AppliesWhereGroupsIntersect) {
  CollectionConfig c;
  ASSERT_TRUE(Parse(R"({"name":"w","input":{"type":"host_file","paths":["/a"]}})", &c).ok());
  EXPECT_TRUE(c.AppliesTo({}));
  EXPECT_TRUE(c.AppliesTo({"x"}));
  c.groups = {"web", "db"};
  EXPECT_FALSE(c.AppliesTo({}));
  EXPECT_FALSE(c.AppliesTo({"cache", "webx"}));
  EXPECT_TRUE(c.AppliesTo({"cache", "db"}));
}

class CollectionConfigDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/collection_config_test.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
  }
  void TearDown() override { system(("rm -rf " + dir_).c_str()); }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ + "/" + name) << text; }
  std::string dir_;
};

TEST_F(CollectionConfigDir, LoadsJsonFilesInNameOrderAndRefusesADuplicateName) {
  Write("b.json", R"({"name":"b","input":{"type":"container_file","paths":["/b"]}})");
  Write("a.json", R"({"name":"a","input":{"type":"container_file","paths":["/a"]}})");
  Write("README", "not a config");
  std::vector<CollectionConfig> configs;
  Status s = LoadCollectionConfigs(RealFileSystem(), dir_, {}, &configs);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(2u, configs.size());
  EXPECT_EQ("a", configs[0].name);
  EXPECT_EQ(dir_ + "/b.json", configs[1].file);

  Write("c.json", R"({"name":"a","input":{"type":"container_file","paths":["/c"]}})");
  s = LoadCollectionConfigs(RealFileSystem(), dir_, {}, &configs);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(dir_ + "/c.json: name: 'a' is already the name of " + dir_ + "/a.json", s.message());
}

TEST_F(CollectionConfigDir, NoConfigAndAMissingFileAreErrors) {
  std::vector<CollectionConfig> configs;
  EXPECT_TRUE(LoadCollectionConfigs(RealFileSystem(), dir_, {}, &configs).IsInvalidArgument());
  Status s = LoadCollectionConfigs(RealFileSystem(), "", {dir_ + "/none.json"}, &configs);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(std::string::npos, s.message().find("none.json")) << s.message();
}

}  // namespace
}  // namespace lc
