// ParseNdjson: for unit tests of the record writers, the records an
// OutputWriter holds, each parsed; a line that is not JSON fails the test.
#ifndef LC_COMMON_TEST_NDJSON_H_
#define LC_COMMON_TEST_NDJSON_H_

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {

inline std::vector<nlohmann::json> ParseNdjson(std::string_view text) {
  std::vector<nlohmann::json> r;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(at, nl - at);
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << line;
    r.push_back(j);
    at = nl + 1;
  }
  return r;
}

}  // namespace lc

#endif  // LC_COMMON_TEST_NDJSON_H_
