#include "common/base/string_map.h"

#include <gtest/gtest.h>

namespace lc {

TEST(StringMap, FindsAKeyByAViewOfOtherBytes) {
  StringMap<int> m;
  m.FindOrAdd("a-source-key-longer-than-sso")->value = 7;
  std::string buffer = "{a-source-key-longer-than-sso}";
  auto* e = m.Find(std::string_view(buffer.data() + 1, buffer.size() - 2));
  ASSERT_NE(nullptr, e);
  EXPECT_EQ(7, e->value);
  EXPECT_EQ(nullptr, m.Find(std::string_view(buffer.data() + 1, 5)));
}

TEST(StringMap, AnAddedKeyIsTheMapsOwnNotAViewOfTheCallers) {
  StringMap<int> m;
  std::string buffer = "short";
  m.FindOrAdd(buffer)->value = 1;
  buffer = "other";  // the caller's bytes change: the map's key does not
  EXPECT_EQ(nullptr, m.Find("other"));
  ASSERT_NE(nullptr, m.Find("short"));
  EXPECT_EQ("short", m.Find("short")->key);
}

TEST(StringMap, AnEntryKeepsItsAddressAcrossInserts) {
  StringMap<int> m;
  auto* first = m.FindOrAdd("first");
  for (int i = 0; i < 1000; i++) m.FindOrAdd("k" + std::to_string(i))->value = i;  // rehashes
  EXPECT_EQ(first, m.Find("first"));
  EXPECT_EQ(first, m.FindOrAdd("first"));
  EXPECT_EQ(1001u, m.size());
  EXPECT_EQ(999, m.Find("k999")->value);
}

}  // namespace lc
