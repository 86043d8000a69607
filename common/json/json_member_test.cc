#include "common/json/json_member.h"

#include <gtest/gtest.h>

namespace lc {

TEST(JsonMember, AStringMemberOrEmpty) {
  auto j = nlohmann::json::parse(R"({"a":"x","n":1,"o":{"b":"y"},"z":null})");
  EXPECT_EQ("x", StringMember(j, "a"));
  EXPECT_EQ("", StringMember(j, "n"));
  EXPECT_EQ("", StringMember(j, "o"));
  EXPECT_EQ("", StringMember(j, "z"));
  EXPECT_EQ("", StringMember(j, "missing"));
  EXPECT_EQ("", StringMember(nlohmann::json::array({"a"}), "a"));  // not an object: no exception
}

TEST(JsonMember, AnObjectMemberOrAnEmptyObjectSoChainsNeedNoChecks) {
  auto j = nlohmann::json::parse(R"({"o":{"p":{"b":"y"}},"s":"t"})");
  EXPECT_EQ("y", StringMember(ObjectMember(ObjectMember(j, "o"), "p"), "b"));
  EXPECT_TRUE(ObjectMember(j, "s").empty());
  EXPECT_TRUE(ObjectMember(ObjectMember(j, "missing"), "p").is_object());
  EXPECT_TRUE(ObjectMember(nlohmann::json(3), "o").empty());
}

}  // namespace lc
