#include "common/runtime/pod_path.h"

#include <gtest/gtest.h>

namespace lc {

TEST(PodPath, KubeletLayout) {
  PodPath p;
  ASSERT_TRUE(ParsePodPath("/var/log/pods/shop_cart-7d9f_0f1e-2d3c/app/3.log", &p));
  EXPECT_EQ("shop", p.ns);
  EXPECT_EQ("cart-7d9f", p.pod);
  EXPECT_EQ("0f1e-2d3c", p.uid);
  EXPECT_EQ("app", p.container);
  EXPECT_EQ("3", p.restart);
  ASSERT_TRUE(ParsePodPath("/var/log/pods/kube-system_etcd-node1_a1b2c3/etcd/0.log.20261125-054045.gz", &p));
  EXPECT_EQ("etcd-node1", p.pod);
  EXPECT_EQ("a1b2c3", p.uid);  // a static pod's config hash
  ASSERT_TRUE(ParsePodPath("/var/log/pods/ns_web-0_u-1/nginx/1.log.20261125-054045", &p));
  EXPECT_EQ("nginx", p.container);
  EXPECT_EQ("1", p.restart);
}

TEST(PodPath, OtherPathsAreNotPods) {
  PodPath p;
  EXPECT_FALSE(ParsePodPath("/var/lib/docker/containers/abc/abc-json.log", &p));
  EXPECT_FALSE(ParsePodPath("/var/log/pods/nounderscore/c/0.log", &p));
  EXPECT_FALSE(ParsePodPath("/var/log/pods/a_b_c/c/app.log", &p));
}

}  // namespace lc
