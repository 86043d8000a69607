#include "common/stream/commit_file.h"

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/base/atomic_file.h"

namespace lc {

TEST(CommitFile, EncodesAndDecodesKeysWithColonsAndEscapes) {
  CursorMap in = {{"803:1a2b:9f00", 17}, {"c0ffee/stdout", 0}, {"a\"b\\c", INT64_MAX}}, out;
  std::string text = EncodeCommitFile(in);
  EXPECT_EQ('\n', text.back());
  EXPECT_EQ(0u, text.find("{\"cursors\":{"));  // keys sorted
  ASSERT_TRUE(DecodeCommitFile(text, "c.json", &out).ok());
  EXPECT_EQ(in, out);
  ASSERT_TRUE(DecodeCommitFile(R"({"version":1,"cursors":{}})", "c.json", &out).ok());
  EXPECT_TRUE(out.empty());
}

// The encoder is written by hand for speed: the same text as nlohmann's
// dump of the same object, escapes and all, and the same answer for a key
// that is not UTF-8 (replaced).
TEST(CommitFile, EncodesAsNlohmannDumpsTheSameObject) {
  auto reference = [](const CursorMap& m) {
    nlohmann::json j = {{"version", 1}, {"cursors", nlohmann::json::object()}};
    for (const auto& [key, offset] : m) j["cursors"][key] = offset;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  };
  CursorMap keys = {{"803:1a2b:9f00", 17},          {"c0ffee/stdout", 0}, {"a\"b\\c", INT64_MAX},
                    {std::string("n\0l\x01\x1f\x7f", 6), 5}, {"tab\tnl\n", 1},  {"\xc3\xa9t\xc3\xa9", 2},
                    {"", 3}};
  EXPECT_EQ(reference(keys), EncodeCommitFile(keys));
  EXPECT_EQ(reference({}), EncodeCommitFile({}));
  CursorMap not_utf8 = {{"ok", 1}, {"bad\xff", 2}};
  EXPECT_EQ(reference(not_utf8), EncodeCommitFile(not_utf8));
}

TEST(CommitFile, MalformedTextIsInvalidArgumentNamingTheFile) {
  struct Case {
    const char* text;
    const char* why;
  };
  for (Case k : {Case{"", "invalid JSON"}, Case{"[1]", "invalid JSON"}, Case{R"({"cursors":{}})", "version"},
                 Case{R"({"version":2,"cursors":{}})", "version"}, Case{R"({"version":1})", "no \"cursors\""},
                 Case{R"({"version":1,"cursors":[]})", "no \"cursors\""},
                 Case{R"({"version":1,"cursors":{"a":1,"b":-1}})", "'b' is not an offset"},
                 Case{R"({"version":1,"cursors":{"a":"1"}})", "'a' is not an offset"},
                 Case{R"({"version":1,"cursors":{"a":1.5}})", "'a' is not an offset"}}) {
    CursorMap out = {{"stale", 1}};
    Status s = DecodeCommitFile(k.text, "/state/commit.json", &out);
    EXPECT_TRUE(s.IsInvalidArgument()) << k.text;
    EXPECT_EQ(0u, s.message().find("/state/commit.json: ")) << s.message();
    EXPECT_NE(std::string::npos, s.message().find(k.why)) << s.message();
    EXPECT_TRUE(out.empty()) << k.text;
  }
}

TEST(CommitFile, RoundTripAndBrokenFile) {
  char dir[] = "/tmp/lc-commit-XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(dir));
  std::string path = std::string(dir) + "/commit.json";
  CursorMap in = {{"a:1", 10}, {"b", 20}}, out;
  ASSERT_TRUE(SaveCommitFile(path, in).ok());
  ASSERT_TRUE(LoadCommitFile(path, &out).ok());
  EXPECT_EQ(in, out);
  ASSERT_TRUE(WriteFileAtomically(path, "{oops").ok());
  Status s = LoadCommitFile(path, &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(std::string::npos, s.message().find(path));
  ASSERT_TRUE(LoadCommitFile(std::string(dir) + "/missing", &out).ok());
  EXPECT_TRUE(out.empty());
  unlink(path.c_str());
  rmdir(dir);
}

}  // namespace lc
