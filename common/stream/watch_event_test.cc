#include "common/stream/watch_event.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {
namespace {

WatchEvent Decode(std::string_view line) {
  WatchEvent e;
  Status s = DecodeWatchEvent(line, &e);
  EXPECT_TRUE(s.ok()) << s.message() << " in " << line;
  return e;
}

std::string Encode(const WatchEvent& e) {
  std::string s;
  AppendWatchEvent(e, &s);
  return s;
}

}  // namespace

TEST(WatchEvent, DecodesAnAdd) {
  WatchEvent e = Decode(
      R"({"event":"add","key":"app/c0ffee","paths":["/d/var/log/*.log","/d/x/**"],"excludes":["*.gz"],)"
      R"("root":"/m","tags":{"k8s.pod.name":"web-0","container.id":"c0ffee","n":3},"from":"tail",)"
      R"("parser":{"type":"json"},"multiline":{}})");
  EXPECT_EQ(WatchEvent::kAdd, e.type);
  EXPECT_EQ("app/c0ffee", e.key);
  EXPECT_EQ((std::vector<std::string>{"/d/var/log/*.log", "/d/x/**"}), e.paths);
  EXPECT_EQ(std::vector<std::string>{"*.gz"}, e.excludes);
  EXPECT_EQ("/m", e.root);
  using Tags = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ((Tags{{"container.id", "c0ffee"}, {"k8s.pod.name", "web-0"}, {"n", "3"}}), e.tags);
  EXPECT_EQ("tail", e.from);
  EXPECT_EQ(R"({"type":"json"})", e.parser);
  EXPECT_EQ("{}", e.multiline);
}

TEST(WatchEvent, ParserAndMultilineAreObjectsPassedThrough) {
  WatchEvent add;
  add.key = "k";
  add.paths = {"/p"};
  add.parser = R"({"format":"nginx","keep":[1,2]})";
  add.multiline = R"({"start":"^\\d"})";
  std::string line = Encode(add);
  EXPECT_NE(std::string::npos, line.find(R"("parser":{"format":"nginx","keep":[1,2]})")) << line;
  EXPECT_EQ(add, Decode(line));
  WatchEvent e;
  EXPECT_FALSE(DecodeWatchEvent(R"({"event":"add","key":"k","paths":["/p"],"parser":"json"})", &e).ok());
}

TEST(WatchEvent, RoundTripsEveryEvent) {
  WatchEvent add;
  add.type = WatchEvent::kAdd;
  add.key = "cfg/\"id\"";
  add.paths = {"/a/*.log"};
  add.excludes = {"*.1"};
  add.root = "/r";
  add.tags = {{"a", "1"}, {"b:c", "x\ny"}};
  add.from = "head";
  WatchEvent minimal;
  minimal.key = "k";
  minimal.paths = {"/p"};
  WatchEvent remove;
  remove.type = WatchEvent::kRemove;
  remove.key = "k";
  WatchEvent sync;
  sync.type = WatchEvent::kSync;
  sync.keys = {"a", "b"};
  WatchEvent empty_sync;
  empty_sync.type = WatchEvent::kSync;
  for (const WatchEvent& e : {add, minimal, remove, sync, empty_sync}) {
    std::string line = Encode(e);
    EXPECT_EQ(line.size() - 1, line.find('\n'));
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    EXPECT_EQ(e, Decode(line)) << line;
  }
  EXPECT_EQ("{\"event\":\"remove\",\"key\":\"k\"}\n", Encode(remove));
}

// The encoder writes the text itself (not through a JSON tree): members in
// sorted order, tags sorted with a repeated name keeping its last value,
// strings escaped, invalid UTF-8 replaced so the line stays valid JSON, and
// parser/multiline normalized (compact, keys sorted).
TEST(WatchEvent, AnAddIsWrittenSortedEscapedAndValid) {
  WatchEvent e;
  e.key = "web/\"1\"";
  e.paths = {"/u/\x01" "a", "/u/b\xff"};
  e.excludes = {"*.gz"};
  e.root = "/r";
  e.from = "tail";
  e.tags = {{"z", "last"}, {"a", "1"}, {"z", "kept"}, {"m", "\t"}};
  e.parser = R"({"type": "json", "keep_body": true})";
  e.multiline = "not json";
  EXPECT_EQ(
      "{\"event\":\"add\",\"excludes\":[\"*.gz\"],\"from\":\"tail\",\"key\":\"web/\\\"1\\\"\","
      "\"multiline\":null,\"parser\":{\"keep_body\":true,\"type\":\"json\"},"
      "\"paths\":[\"/u/\\u0001a\",\"/u/b\xef\xbf\xbd\"],\"root\":\"/r\","
      "\"tags\":{\"a\":\"1\",\"m\":\"\\t\",\"z\":\"kept\"}}\n",
      Encode(e));
  EXPECT_TRUE(nlohmann::json::accept(Encode(e)));
}

// Found by fuzz/watch_event: a sync's keys came out in the writer's order
// although WatchEvent promises them sorted (and AppendWatchEvent sorts), so
// decoding what was encoded gave a different event.
TEST(WatchEvent, ASyncsKeysAreSortedWhateverTheWritersOrder) {
  WatchEvent e = Decode(R"({"event":"sync","keys":["i","b","a"]})");
  EXPECT_EQ((std::vector<std::string>{"a", "b", "i"}), e.keys);
  EXPECT_EQ(e, Decode(Encode(e)));
}

TEST(WatchEvent, MalformedEventsSayWhatIsWrong) {
  struct Case {
    const char* line;
    const char* why;
  };
  for (Case k : {Case{"{\"event\":", "not a JSON object"}, Case{"[]", "not a JSON object"},
                 Case{R"({"key":"k"})", "unknown event ''"}, Case{R"({"event":"start"})", "unknown event 'start'"},
                 Case{R"({"event":"add","paths":["/a"]})", "add without a \"key\""},
                 Case{R"({"event":"add","key":"","paths":["/a"]})", "add without a \"key\""},
                 Case{R"({"event":"add","key":"k"})", "add without \"paths\""},
                 Case{R"({"event":"add","key":"k","paths":[]})", "add without \"paths\""},
                 Case{R"({"event":"add","key":"k","paths":["a.log"]})", "paths must be absolute"},
                 Case{R"({"event":"add","key":"k","paths":[1]})", "paths must be absolute"},
                 Case{R"({"event":"add","key":"k","paths":["/a"],"excludes":"x"})", "\"excludes\" must be"},
                 Case{R"({"event":"add","key":"k","paths":["/a"],"root":1})", "\"root\" must be a string"},
                 Case{R"({"event":"add","key":"k","paths":["/a"],"tags":[]})", "\"tags\" must be an object"},
                 Case{R"({"event":"add","key":"k","paths":["/a"],"from":"middle"})", "\"from\" must be head or tail"},
                 Case{R"({"event":"remove"})", "remove without a \"key\""},
                 Case{R"({"event":"sync"})", "sync without \"keys\""},
                 Case{R"({"event":"sync","keys":["a",2]})", "\"keys\" must be an array of strings"}}) {
    WatchEvent e;
    Status s = DecodeWatchEvent(k.line, &e);
    EXPECT_TRUE(s.IsInvalidArgument()) << k.line;
    EXPECT_NE(std::string::npos, s.message().find(k.why)) << k.line << ": " << s.message();
  }
}

}  // namespace lc
