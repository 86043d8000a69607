#include "common/ship/ship_counters.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {

TEST(ShipCounters, JsonLineAndPrometheusText) {
  ShipCounters c;
  c.records = 12;
  c.delivered = 10;
  c.dead_lettered = 2;
  nlohmann::json j = nlohmann::json::parse(c.ToJson());
  EXPECT_EQ(12, j["records"]);
  EXPECT_EQ(10, j["delivered"]);
  EXPECT_EQ(0, j["dropped"]);
  EXPECT_EQ(2, j["dead_lettered"]);
  EXPECT_EQ(std::string::npos, c.ToJson().find('\n'));
  std::string p = c.ToPrometheus();
  EXPECT_NE(std::string::npos, p.find("# TYPE lc_ship_records_total counter\nlc_ship_records_total 12\n"));
  EXPECT_NE(std::string::npos, p.find("lc_ship_dropped_total 0\n"));
  EXPECT_NE(std::string::npos, p.find("# HELP lc_ship_delivered_total "));
}

}  // namespace lc
