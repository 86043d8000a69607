#include "common/discover/container_tags.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(ContainerTagsTest, NamesTheContainerAndItsPodLeavingEmptyOut) {
  ContainerInfo c;
  c.id = "abc";
  c.name = "k8s_nginx_web-0_prod_u1_0";
  c.image = "nginx:1.25";
  c.k8s.namespace_name = "prod";
  c.k8s.pod = "web-0";
  c.k8s.container = "nginx";
  std::vector<RecordField> f;
  AppendContainerTags(c, &f);
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0], (RecordField{"container.id", "abc", true}));
  EXPECT_EQ(f[2], (RecordField{"container.image.name", "nginx:1.25", true}));
  EXPECT_EQ(f[3], (RecordField{"k8s.namespace.name", "prod", true}));
  EXPECT_EQ(f[5], (RecordField{"k8s.container.name", "nginx", true}));
}

}  // namespace
}  // namespace lc
