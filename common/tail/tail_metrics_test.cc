#include "common/tail/tail_metrics.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(TailMetricsTest, PrometheusTextNamedForTheTool) {
  TailMetrics m;
  m.files = 3;
  m.open_files = 2;
  m.unread_bytes = 4096;
  m.bytes_read = 123456789012;
  m.read_errors = 1;
  std::string text = TailMetricsText(m, "lc-stdout");
  EXPECT_NE(std::string::npos, text.find("# TYPE lc_stdout_files gauge\nlc_stdout_files 3\n")) << text;
  EXPECT_NE(std::string::npos, text.find("\nlc_stdout_open_files 2\n")) << text;
  EXPECT_NE(std::string::npos, text.find("\nlc_stdout_unread_bytes 4096\n")) << text;
  EXPECT_NE(std::string::npos, text.find("# TYPE lc_stdout_read_bytes_total counter\nlc_stdout_read_bytes_total 123456789012\n"))
      << text;
  EXPECT_NE(std::string::npos, text.find("\nlc_stdout_read_errors_total 1\n")) << text;
  EXPECT_EQ('\n', text.back());
}

}  // namespace
}  // namespace lc
