#include "common/metrics/net_dev_stats.h"

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"

namespace lc {
namespace {

const char kNetDev[] =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo:     840      10    0    0    0     0          0         0      840      10    0    0    0     0       0          0\n"
    "  eth0: 1000 5 1 2 0 0 0 0 2000 7 3 4 0 0 0 0\n"
    "  eth1:10 1 0 0 0 0 0 0 20 1 0 0 0 0 0 0\n";

TEST(NetDevStatsTest, SumsInterfacesLoopbackOnlyWhenAsked) {
  NetDevStats s;
  ParseNetDev(kNetDev, false, &s);
  EXPECT_EQ(s.interfaces, 2);
  EXPECT_EQ(s.rx_bytes, 1010);
  EXPECT_EQ(s.tx_bytes, 2020);
  EXPECT_EQ(s.rx_packets, 6);
  EXPECT_EQ(s.tx_packets, 8);
  EXPECT_EQ(s.rx_errors, 1);
  EXPECT_EQ(s.tx_dropped, 4);
  ParseNetDev(kNetDev, true, &s);
  EXPECT_EQ(s.interfaces, 3);
  EXPECT_EQ(s.rx_bytes, 1850);
  EXPECT_EQ(s.tx_packets, 18);
}

TEST(NetDevStatsTest, ReadsTheProcessFileAndSaysNotFound) {
  FakeFileSystem fs;
  fs.Create("/host/proc/42/net/dev", kNetDev);
  NetDevStats s;
  ASSERT_TRUE(ReadNetDevStats(&fs, "/host/proc", 42, false, &s).ok());
  EXPECT_EQ(s.rx_bytes, 1010);
  EXPECT_TRUE(ReadNetDevStats(&fs, "/host/proc", 43, false, &s).IsNotFound());
}

TEST(NetDevStatsTest, GarbageIsIgnored) {
  NetDevStats s;
  ParseNetDev("eth0: 1 2 3\nnot a line\n: 1 2\n", false, &s);
  EXPECT_EQ(s.interfaces, 0);
  EXPECT_EQ(s.rx_bytes, 0);
}

}  // namespace
}  // namespace lc
