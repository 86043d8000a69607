// ReadFixture: the text of a file under tests/fixtures/ (captured from real
// runtimes and engines; each folder's README or the test says how), for the
// unit tests.  Found from this source file's own path, so the tests run from
// any directory.  A file that cannot be read fails the calling test and
// reads as "".
#ifndef LC_TESTING_FIXTURE_H_
#define LC_TESTING_FIXTURE_H_

#include <string>

namespace lc {

// `relative` to tests/fixtures/, e.g. "discover/crio_containers.json".
std::string ReadFixture(const std::string& relative);

}  // namespace lc

#endif  // LC_TESTING_FIXTURE_H_
