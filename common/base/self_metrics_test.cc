#include "common/base/self_metrics.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(SelfMetricsTest, PrometheusTextWithTheToolsPrefix) {
  EXPECT_EQ(SelfMetricsText("lc-discover", {{"containers", "gauge", "Containers known.", 7},
                                            {"upserts_total", "counter", "Upserts written.", 12}}),
            "# HELP lc_discover_containers Containers known.\n# TYPE lc_discover_containers gauge\n"
            "lc_discover_containers 7\n"
            "# HELP lc_discover_upserts_total Upserts written.\n# TYPE lc_discover_upserts_total counter\n"
            "lc_discover_upserts_total 12\n");
  EXPECT_EQ(SelfMetricsText("lc-x", {}), "");
}

}  // namespace
}  // namespace lc
