#include "common/base/flat_map.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>

namespace lc {
namespace {

using Key = std::pair<int, int>;

TEST(FlatMap, KeepsKeysInOrderWhateverTheInsertOrder) {
  FlatMap<Key, std::string> m;
  m[{2, 1}] = "c";
  m[{1, 9}] = "b";
  m[{1, 2}] = "a";
  m[{2, 1}] = "c2";  // present: replaced, not added
  std::string walk;
  for (auto& [k, v] : m) walk += v + ",";
  EXPECT_EQ("a,b,c2,", walk);
  EXPECT_EQ(3u, m.size());
}

TEST(FlatMap, FindCountAndLowerBoundAsStdMap) {
  FlatMap<Key, int> m;
  m[{1, 1}] = 11;
  m[{3, 3}] = 33;
  EXPECT_EQ(33, m.find({3, 3})->second);
  EXPECT_TRUE(m.find({2, 2}) == m.end());
  EXPECT_EQ(1u, m.count({1, 1}));
  EXPECT_EQ(0u, m.count({0, 0}));
  EXPECT_EQ(33, m.lower_bound({2, 0})->second);   // between: the next one
  EXPECT_TRUE(m.lower_bound({4, 0}) == m.end());  // past the last
  EXPECT_EQ(11, m.lower_bound({0, 0})->second);
}

TEST(FlatMap, EraseReturnsTheNextAndValuesHeldByPointerKeepTheirAddress) {
  FlatMap<int, std::unique_ptr<int>> m;
  for (int i = 0; i < 5; i++) m[i] = std::make_unique<int>(i * 10);
  int* three = m.find(3)->second.get();
  auto next = m.erase(m.find(1));
  EXPECT_EQ(2, next->first);
  m[7] = std::make_unique<int>(70);  // moves the pairs, not what they point to
  EXPECT_EQ(three, m.find(3)->second.get());
  EXPECT_EQ(30, *three);
  EXPECT_EQ(5u, m.size());
}

// The same random inserts, lookups and erases as std::map: the same answers.
TEST(FlatMap, AgreesWithStdMapOnRandomChanges) {
  FlatMap<int, int> flat;
  std::map<int, int> ref;
  std::mt19937 rng(7);
  for (int step = 0; step < 5000; step++) {
    int k = static_cast<int>(rng() % 200);
    switch (rng() % 3) {
      case 0:
        flat[k] = step;
        ref[k] = step;
        break;
      case 1: {
        auto f = flat.find(k);
        auto r = ref.find(k);
        ASSERT_EQ(r == ref.end(), f == flat.end()) << k;
        if (f != flat.end()) {
          flat.erase(f);
          ref.erase(r);
        }
        break;
      }
      default: {
        auto f = flat.lower_bound(k);
        auto r = ref.lower_bound(k);
        ASSERT_EQ(r == ref.end(), f == flat.end()) << k;
        if (f != flat.end()) {
          ASSERT_EQ(r->first, f->first);
          ASSERT_EQ(r->second, f->second);
        }
      }
    }
  }
  ASSERT_EQ(ref.size(), flat.size());
  auto r = ref.begin();
  for (const auto& [k, v] : flat) {
    EXPECT_EQ(r->first, k);
    EXPECT_EQ(r->second, v);
    ++r;
  }
}

}  // namespace
}  // namespace lc
