#include "common/render/config_fetcher.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/base/atomic_file.h"

namespace lc {
namespace {

// A server of documents with ETags that answers conditional GETs as a real
// one does; `down` refuses every request.  It logs "URL status" per GET.
class ScriptedServer : public HttpGetter {
 public:
  void Put(const std::string& url, const std::string& body) {
    docs[url] = body;
    etags[url] = "\"v" + std::to_string(++version) + "\"";
  }
  Status Get(const std::string& url, const HttpValidators& have, HttpGetReply* reply) override {
    *reply = HttpGetReply();
    if (down) return Status::IOError(url + ": Couldn't connect to server");
    auto it = docs.find(url);
    if (it == docs.end()) {
      reply->status = 404;
    } else if (!have.etag.empty() && have.etag == etags[url]) {
      reply->status = 304;
    } else {
      reply->status = 200;
      reply->body = it->second;
      reply->validators.etag = etags[url];
    }
    log.push_back(url + " " + std::to_string(reply->status));
    return Status::OK();
  }
  std::map<std::string, std::string> docs, etags;
  std::vector<std::string> log;
  int version = 0;
  bool down = false;
};

class ConfigFetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lc-config-fetcher.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(tmpl));
    dir_ = tmpl;
  }
  void TearDown() override { ASSERT_EQ(0, system(("rm -rf '" + dir_ + "'").c_str())); }
  std::string Read(const std::string& name) {
    std::string s;
    return ReadWholeFile(dir_ + "/" + name, &s).ok() ? s : "<none>";
  }
  Status Sync(bool* changed) {
    server_.log.clear();
    return ConfigFetcher(&server_, dir_).Sync(kIndex, changed);
  }
  static constexpr const char* kIndex = "http://cfg:8080/lc/index.json";
  ScriptedServer server_;
  std::string dir_;
};

TEST(ResolveUrlTest, RelativeAbsolutePathAndFullUrls) {
  EXPECT_EQ("http://h:1/lc/a.json", ResolveUrl("http://h:1/lc/index.json", "a.json"));
  EXPECT_EQ("http://h:1/x/a.json", ResolveUrl("http://h:1/lc/index.json", "/x/a.json"));
  EXPECT_EQ("https://o/a.json", ResolveUrl("http://h:1/lc/index.json", "https://o/a.json"));
  EXPECT_EQ("http://h:1/a.json", ResolveUrl("http://h:1", "a.json"));
}

TEST_F(ConfigFetcherTest, FetchesTheListedConfigsThenOnlyAsksWhetherTheyChanged) {
  server_.Put(kIndex, R"({"configs": ["a.json", "/other/b.json"]})");
  server_.Put("http://cfg:8080/lc/a.json", "{\"name\":\"a\"}\n");
  server_.Put("http://cfg:8080/other/b.json", "{\"name\":\"b\"}\n");
  bool changed = false;
  ASSERT_TRUE(Sync(&changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ("{\"name\":\"a\"}\n", Read("a.json"));
  EXPECT_EQ("{\"name\":\"b\"}\n", Read("b.json"));
  struct stat st;
  ASSERT_EQ(0, stat((dir_ + "/a.json").c_str(), &st));
  EXPECT_EQ(0600u, st.st_mode & 0777);

  ASSERT_TRUE(Sync(&changed).ok());
  EXPECT_FALSE(changed);
  EXPECT_EQ((std::vector<std::string>{"http://cfg:8080/lc/index.json 304", "http://cfg:8080/lc/a.json 304",
                                      "http://cfg:8080/other/b.json 304"}),
            server_.log);
}

TEST_F(ConfigFetcherTest, AChangedConfigIsRewrittenAndOneNoLongerListedIsRemoved) {
  server_.Put(kIndex, R"({"configs": ["a.json", "b.json"]})");
  server_.Put("http://cfg:8080/lc/a.json", "a1");
  server_.Put("http://cfg:8080/lc/b.json", "b1");
  bool changed = false;
  ASSERT_TRUE(Sync(&changed).ok());
  server_.Put("http://cfg:8080/lc/a.json", "a2");  // the index is the same
  ASSERT_TRUE(Sync(&changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ("a2", Read("a.json"));
  server_.Put(kIndex, R"({"configs": ["b.json"]})");
  ASSERT_TRUE(Sync(&changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ("<none>", Read("a.json"));
  EXPECT_EQ("b1", Read("b.json"));
}

// The last good set stays whatever goes wrong: the agent keeps collecting.
TEST_F(ConfigFetcherTest, AFailureAnywhereLeavesTheLastGoodSetAsItWas) {
  server_.Put(kIndex, R"({"configs": ["a.json"]})");
  server_.Put("http://cfg:8080/lc/a.json", "a1");
  bool changed = false;
  ASSERT_TRUE(Sync(&changed).ok());

  server_.down = true;
  Status s = Sync(&changed);
  EXPECT_EQ(Status::kIOError, s.code());
  EXPECT_NE(std::string::npos, s.message().find("Couldn't connect")) << s.message();
  server_.down = false;

  // A new index whose second config is missing: a half-applied set is
  // worse than the old one.
  server_.Put(kIndex, R"({"configs": ["a.json", "gone.json"]})");
  server_.Put("http://cfg:8080/lc/a.json", "a2");
  s = Sync(&changed);
  EXPECT_EQ(Status::kIOError, s.code());
  EXPECT_EQ("http://cfg:8080/lc/gone.json: HTTP 404", s.message());
  EXPECT_FALSE(changed);
  EXPECT_EQ("a1", Read("a.json"));

  server_.Put(kIndex, "<html>not json</html>");
  s = Sync(&changed);
  EXPECT_EQ(Status::kInvalidArgument, s.code());
  EXPECT_EQ("a1", Read("a.json"));
}

TEST_F(ConfigFetcherTest, ANameThatIsNotNameDotJsonOrListedTwiceIsRefused) {
  server_.Put("http://cfg:8080/lc/a.json", "a");
  for (const char* bad : {R"({"configs": ["../../etc/passwd"]})", R"({"configs": [".hidden.json"]})",
                          R"({"configs": ["a.json", "/lc/a.json"]})", R"({"configs": [7]})"}) {
    server_.Put(kIndex, bad);
    bool changed = false;
    Status s = Sync(&changed);
    EXPECT_EQ(Status::kInvalidArgument, s.code()) << bad;
    EXPECT_EQ("<none>", Read("a.json")) << bad;
  }
}

// Validators are sent only for a copy still held: a config deleted by hand
// is fetched again, not trusted to a 304.
TEST_F(ConfigFetcherTest, AConfigDeletedLocallyIsFetchedAgain) {
  server_.Put(kIndex, R"({"configs": ["a.json"]})");
  server_.Put("http://cfg:8080/lc/a.json", "a1");
  bool changed = false;
  ASSERT_TRUE(Sync(&changed).ok());
  ASSERT_EQ(0, unlink((dir_ + "/a.json").c_str()));
  ASSERT_TRUE(Sync(&changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ("a1", Read("a.json"));
}

}  // namespace
}  // namespace lc
