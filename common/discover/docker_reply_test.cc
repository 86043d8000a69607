#include "common/discover/docker_reply.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(DockerReply, ADockerEventGivesItsActionIdAndTime) {
  RuntimeEvent e;
  ASSERT_TRUE(ParseEngineEvent(
      R"({"Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{}},"time":1764049245,"timeNano":1764049245123456789})",
      &e));
  EXPECT_EQ("start", e.action);
  EXPECT_EQ("abc", e.id);
  EXPECT_EQ(1764049245123456789, e.time);
  // podman's older form: status and id, seconds only.
  ASSERT_TRUE(ParseEngineEvent(R"({"status":"died","id":"def","time":1764049245})", &e));
  EXPECT_EQ("died", e.action);
  EXPECT_EQ("def", e.id);
  EXPECT_EQ(1764049245000000000, e.time);
  EXPECT_FALSE(ParseEngineEvent(R"({"Type":"network","Action":"connect","Actor":{"ID":"n"}})", &e));
  EXPECT_FALSE(ParseEngineEvent(R"({"Type":"container","Action":"start"})", &e));
  EXPECT_FALSE(ParseEngineEvent("not json", &e));
}

// Found while writing fuzz/docker_reply: nlohmann's value() throws on a
// member of another type and nothing caught it, so one odd event ended
// lc-discover (std::terminate); a float time was cast to int64 out of range,
// and seconds * 1e9 could overflow.
TEST(DockerReply, AnEventWithMembersOfTheWrongTypeIsRefusedNotThrown) {
  RuntimeEvent e;
  EXPECT_FALSE(ParseEngineEvent(R"({"Type":1,"Action":"start","id":"a"})", &e));
  EXPECT_FALSE(ParseEngineEvent(R"({"Action":5,"id":"a"})", &e));
  EXPECT_FALSE(ParseEngineEvent(R"({"Action":"start","Actor":{"ID":7}})", &e));
  ASSERT_TRUE(ParseEngineEvent(R"({"Action":"start","Actor":{"ID":[]},"id":"a"})", &e));
  EXPECT_EQ("a", e.id);
}

TEST(DockerReply, AnEventTimeOutOfRangeIsNoTime) {
  RuntimeEvent e;
  ASSERT_TRUE(ParseEngineEvent(R"({"Action":"start","id":"a","timeNano":1e300})", &e));
  EXPECT_EQ(0, e.time);
  ASSERT_TRUE(ParseEngineEvent(R"({"Action":"start","id":"a","time":9223372036854775807})", &e));
  EXPECT_EQ(0, e.time);
  ASSERT_TRUE(ParseEngineEvent(R"({"Action":"start","id":"a","timeNano":18446744073709551615})", &e));
  EXPECT_EQ(0, e.time);
  ASSERT_TRUE(ParseEngineEvent(R"({"Action":"start","id":"a","time":1.5})", &e));
  EXPECT_EQ(1000000000, e.time);
}

TEST(DockerReply, TheContainerListKeepsStringIdsOnly) {
  std::vector<std::string> ids;
  ASSERT_TRUE(ParseContainerList(R"([{"Id":"a"},{"Id":2},{},7,{"Id":"b"}])", "h", &ids).ok());
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), ids);
  Status s = ParseContainerList(R"({"message":"x"})", "h: /containers/json", &ids);
  EXPECT_EQ("h: /containers/json: not a list", s.message());
}

TEST(DockerReply, VersionTellsPodmanFromDocker) {
  std::string rt;
  ASSERT_TRUE(ParseEngineVersion(R"({"Components":[{"Name":"Podman Engine"}]})", "h", &rt).ok());
  EXPECT_EQ("podman", rt);
  ASSERT_TRUE(ParseEngineVersion(R"({"Version":"24.0.5","ApiVersion":"1.43"})", "h", &rt).ok());
  EXPECT_EQ("docker", rt);
  EXPECT_EQ("h: /version: not a Docker Engine API answer", ParseEngineVersion("[]", "h: /version", &rt).message());
}

TEST(DockerReply, EngineMessage) {
  EXPECT_EQ("no such container", EngineMessage(R"({"message":"no such container"})"));
  EXPECT_EQ("plain text", EngineMessage("plain text\r\n"));
  EXPECT_EQ(std::string(200, 'x'), EngineMessage(std::string(300, 'x')));
  EXPECT_EQ(R"({"message":1})", EngineMessage(R"({"message":1})"));
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

// lc-discover --records reads the exit code and the labels from here.
TEST(DockerReply, AnEventKeepsItsStringAttributes) {
  RuntimeEvent e;
  ASSERT_TRUE(ParseEngineEvent(
      R"({"Type":"container","Action":"die","Actor":{"ID":"abc","Attributes":{"exitCode":"137","name":"web","app":"x","n":5}}})",
      &e));
  EXPECT_EQ(e.attributes, (std::map<std::string, std::string>{{"app", "x"}, {"exitCode", "137"}, {"name", "web"}}));
  ASSERT_TRUE(ParseEngineEvent(R"({"status":"died","id":"def"})", &e));
  EXPECT_TRUE(e.attributes.empty());
}

}  // namespace
}  // namespace lc
