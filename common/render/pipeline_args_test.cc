#include "common/render/pipeline_args.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>

namespace lc {
namespace {

CollectionConfig Config(const std::string& text) {
  CollectionConfig c;
  Status s = CollectionConfig::Parse(text, "conf.d/x.json", &c);
  EXPECT_TRUE(s.ok()) << s.message();
  return c;
}

using Words = std::vector<std::string>;

TEST(PipelineArgs, HostFileReadsItsPathsUnderTheHostRoot) {
  CollectionConfig c = Config(R"({"name":"sys","input":{"type":"host_file","paths":["/var/log/*.log"],
      "exclude":["*.gz","/var/log/old/*"]},"from":"head","tags":{"env":"prod"}})");
  PipelineArgs a = PipelineArgs::For(c, "/host/");
  EXPECT_EQ((Words{"--tag=env=prod", "--from=head", "--exclude=*.gz", "--exclude=/host/var/log/old/*", "--",
                   "/host/var/log/*.log"}),
            a.reader);
  EXPECT_TRUE(a.discover.empty());
  EXPECT_EQ((Words{"--tag=env=prod", "--from=head", "--exclude=*.gz", "--exclude=/var/log/old/*", "--",
                   "/var/log/*.log"}),
            PipelineArgs::For(c, "").reader);
}

TEST(PipelineArgs, ContainerStdoutFiltersInDiscovery) {
  CollectionConfig c = Config(R"({"name":"out","input":{"type":"container_stdout","streams":["stderr"],
      "containers":{"include_label":["app=web"],"k8s_namespace":["^prod-.*$"]}},"tags":{"t":"1"}})");
  PipelineArgs a = PipelineArgs::For(c, "/host");
  EXPECT_EQ((Words{"--include-label=app=web", "--k8s-namespace=^prod-.*$", "--host-root=/host"}), a.discover);
  EXPECT_EQ((Words{"--tag=t=1", "--stream=stderr"}), a.reader);
  c.streams = {"stdout", "stderr"};
  EXPECT_EQ((Words{"--tag=t=1"}), PipelineArgs::For(c, "").reader);
}

// parser and multiline become the reader's flags (lc-tail's, lc-stdout's),
// the defaults left out; a container_file config's go in its watches.
TEST(PipelineArgs, ParserAndMultilineBecomeTheReadersFlags) {
  CollectionConfig h = Config(R"({"name":"sys","input":{"type":"host_file","paths":["/var/log/app.log"]},
      "parser":{"type":"delimiter","delimiter":";","fields":["a","b"],"keep_body":true},
      "multiline":{"start":"^\\d{4}-","max_lines":50}})");
  EXPECT_EQ((Words{"--parser=delimiter", "--delimiter=;", "--fields=a,b", "--keep-body", "--multiline-start=^\\d{4}-",
                   "--multiline-max-lines=50", "--", "/var/log/app.log"}),
            PipelineArgs::For(h, "").reader);
  CollectionConfig s = Config(R"({"name":"out","input":{"type":"container_stdout"},"parser":{"type":"json"},
      "multiline":{"continue":"^\\s","timeout":"1s"}})");
  EXPECT_EQ((Words{"--parser=json", "--multiline-continue=^\\s", "--multiline-timeout=1s"}), PipelineArgs::For(s, "").reader);
  CollectionConfig f = Config(R"({"name":"web","input":{"type":"container_file","paths":["/a.log"]},
      "parser":{"type":"json"}})");
  EXPECT_TRUE(PipelineArgs::For(f, "").reader.empty());
}

// rate_limit reaches every reader, in bytes per second: lc-tail of a
// host_file or container_file config, lc-stdout of a container_stdout one.
TEST(PipelineArgs, RateLimitBecomesEveryReadersFlag) {
  EXPECT_EQ((Words{"--rate-limit=524288", "--", "/a.log"}),
            PipelineArgs::For(Config(R"({"name":"h","input":{"type":"host_file","paths":["/a.log"]},
                "rate_limit":"512KiB/s"})"), "").reader);
  EXPECT_EQ((Words{"--rate-limit=10000000"}),
            PipelineArgs::For(Config(R"({"name":"f","input":{"type":"container_file","paths":["/a.log"]},
                "rate_limit":"10MB/s"})"), "").reader);
  EXPECT_EQ((Words{"--stream=stdout", "--rate-limit=1000"}),
            PipelineArgs::For(Config(R"({"name":"s","input":{"type":"container_stdout","streams":["stdout"]},
                "rate_limit":1000})"), "").reader);
  EXPECT_EQ((Words{"--", "/a.log"}),
            PipelineArgs::For(Config(R"({"name":"h","input":{"type":"host_file","paths":["/a.log"]},
                "rate_limit":0})"), "").reader);
}

TEST(PipelineArgs, ContainerFileLeavesFiltersAndTagsToLcRender) {
  CollectionConfig c = Config(R"({"name":"web","input":{"type":"container_file","paths":["/a.log"],
      "containers":{"include_label":["app=web"]}},"tags":{"t":"1"}})");
  PipelineArgs a = PipelineArgs::For(c, "");
  EXPECT_TRUE(a.discover.empty());
  EXPECT_TRUE(a.reader.empty());
}

TEST(PipelineArgs, ShellLineQuotesEveryWord) {
  EXPECT_EQ("'it'\\''s'", ShellQuote("it's"));
  EXPECT_EQ("''", ShellQuote(""));
  CollectionConfig c = Config(R"j({"name":"sys","groups":["a","b$(x)"],"sink":"file:///o d",
      "input":{"type":"host_file","paths":["/var/log/it's *.log"]}})j");
  EXPECT_EQ("cfg_file='conf.d/x.json'; cfg_name='sys'; cfg_type='host_file'; cfg_sink='file:///o d'; "
            "cfg_groups=('a' 'b$(x)'); cfg_discover=(); cfg_reader=('--' '/var/log/it'\\''s *.log')",
            PipelineArgs::For(c, "").ShellLine(c));
}

TEST(PipelineArgs, CheckRejectsABadConfigAlone) {
  char d[] = "/tmp/pipeline_args_test.XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(d));
  std::string dir = d;
  auto write = [&](const std::string& name, const std::string& text) {
    FILE* f = fopen((dir + "/" + name).c_str(), "w");
    fputs(text.c_str(), f);
    fclose(f);
  };
  write("a.json", R"({"name":"a","input":{"type":"host_file","paths":["/a"]}})");
  write("b.json", R"({"name":"b","input":{"type":"host_file","paths":["b"]}})");
  write("c.json", R"({"name":"a","input":{"type":"host_file","paths":["/c"]}})");
  write("d.json", R"({"name":"d","input":{"type":"container_stdout"}})");
  std::vector<std::string> lines, errors;
  CheckCollectionConfigs(RealFileSystem(), {dir + "/a.json", dir + "/b.json", dir + "/c.json", dir + "/d.json",
                                            dir + "/none.json"},
                         "", &lines, &errors);
  ASSERT_EQ(2u, lines.size());
  EXPECT_EQ(0u, lines[0].find("cfg_file='" + dir + "/a.json'; cfg_name='a'; "));
  EXPECT_EQ(0u, lines[1].find("cfg_file='" + dir + "/d.json'; cfg_name='d'; cfg_type='container_stdout'"));
  ASSERT_EQ(3u, errors.size());
  EXPECT_EQ(dir + "/b.json: input.paths[0]: not absolute", errors[0]);
  EXPECT_EQ(dir + "/c.json: name: 'a' is already the name of " + dir + "/a.json", errors[1]);
  EXPECT_NE(std::string::npos, errors[2].find(dir + "/none.json")) << errors[2];
  system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace lc
