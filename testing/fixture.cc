#include "testing/fixture.h"

#include <gtest/gtest.h>

#include "common/base/atomic_file.h"

namespace lc {

std::string ReadFixture(const std::string& relative) {
  std::string here = __FILE__;  // testing/fixture.cc
  std::string path = here.substr(0, here.rfind('/') + 1) + "../tests/fixtures/" + relative;
  std::string data;
  Status s = ReadWholeFile(path, &data);
  EXPECT_TRUE(s.ok()) << s.message();
  return data;
}

}  // namespace lc
