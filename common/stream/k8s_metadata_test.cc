#include "common/stream/k8s_metadata.h"

#include <gtest/gtest.h>

namespace lc {

TEST(K8sMetadataTest, FromLabels) {
  K8sMetadata m = K8sMetadata::From({{"io.kubernetes.pod.namespace", "kube-system"},
                                     {"io.kubernetes.pod.name", "dns-0"},
                                     {"io.kubernetes.pod.uid", "u-1"},
                                     {"io.kubernetes.container.name", "coredns"}},
                                    "/whatever");
  EXPECT_TRUE(m.present());
  EXPECT_EQ(m.namespace_name, "kube-system");
  EXPECT_EQ(m.pod, "dns-0");
  EXPECT_EQ(m.pod_uid, "u-1");
  EXPECT_EQ(m.container, "coredns");
}

TEST(K8sMetadataTest, FromDockerName) {
  K8sMetadata m = K8sMetadata::From({}, "/k8s_nginx_web-0_default_0f9c-11ee_3");
  EXPECT_EQ(m.container, "nginx");
  EXPECT_EQ(m.pod, "web-0");
  EXPECT_EQ(m.namespace_name, "default");
  EXPECT_EQ(m.pod_uid, "0f9c-11ee");
}

TEST(K8sMetadataTest, LabelsWinOverName) {
  K8sMetadata m = K8sMetadata::From({{"io.kubernetes.pod.name", "from-label"}}, "k8s_c_p_ns_uid_0");
  EXPECT_EQ(m.pod, "from-label");
  EXPECT_EQ(m.namespace_name, "ns");
}

TEST(K8sMetadataTest, OtherNamesAreNotPods) {
  EXPECT_FALSE(K8sMetadata::From({}, "/web-1").present());
  EXPECT_FALSE(K8sMetadata::From({}, "/k8s_too_few_parts").present());
  EXPECT_FALSE(K8sMetadata::From({}, "/k8s_a_b_c_d_e_f").present());
  EXPECT_FALSE(K8sMetadata::From({}, "/k8s_a__c_d_e").present());
}

TEST(K8sMetadataTest, Sandbox) {
  EXPECT_TRUE(K8sMetadata::IsSandbox({{"io.kubernetes.docker.type", "podsandbox"}}, "/x"));
  EXPECT_TRUE(K8sMetadata::IsSandbox({}, "/k8s_POD_web-0_default_uid_0"));
  EXPECT_FALSE(K8sMetadata::IsSandbox({{"io.kubernetes.docker.type", "container"}}, "/k8s_nginx_web-0_default_uid_0"));
}

}  // namespace lc
