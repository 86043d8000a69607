#include "common/stream/cursor.h"

#include <gtest/gtest.h>

namespace lc {

TEST(Cursor, SplitsAtTheLastColon) {
  Cursor c;
  ASSERT_TRUE(Cursor::Parse("f:803:12ab:9f00:1234", &c).ok());
  EXPECT_EQ("f:803:12ab:9f00", c.key);
  EXPECT_EQ(1234, c.offset);
  std::string_view key;
  int64_t off;
  ASSERT_TRUE(Cursor::Split("a:b:0", &key, &off));
  EXPECT_EQ("a:b", key);
  EXPECT_EQ(0, off);
  ASSERT_TRUE(Cursor::Split(":7", &key, &off));  // an empty key is a key
  EXPECT_EQ("", key);
  EXPECT_EQ(7, off);
}

TEST(Cursor, FormatsWhatItParses) {
  for (Cursor c : {Cursor{"803:1a2b:9f00", 17}, Cursor{"/var/log/a b.log", 0}, Cursor{"k\"\\\n", INT64_MAX},
                   Cursor{"", 5}, Cursor{"x/stdout", 1000000007}}) {
    Cursor back;
    ASSERT_TRUE(Cursor::Parse(c.ToString(), &back).ok()) << c.ToString();
    EXPECT_EQ(c, back);
  }
  EXPECT_EQ("803:1a2b:9f00:17", (Cursor{"803:1a2b:9f00", 17}.ToString()));
  std::string s = "[";
  Cursor{"k", 9}.AppendTo(&s);
  EXPECT_EQ("[k:9", s);
}

TEST(Cursor, MalformedCursorsAreInvalidArgumentSayingWhy) {
  Cursor c{"keep", 3};
  struct Case {
    const char* text;
    const char* why;
  };
  for (Case k : {Case{"nocolon", "no ':'"}, Case{"", "no ':'"}, Case{"k:", "no offset"},
                 Case{"k:-1", "not a decimal"}, Case{"k:+1", "not a decimal"}, Case{"k: 1", "not a decimal"},
                 Case{"k:1a", "not a decimal"}, Case{"k:9223372036854775808", "not a decimal"},
                 Case{"k:99999999999999999999", "not a decimal"}, Case{"k:1:", "no offset"}}) {
    Status s = Cursor::Parse(k.text, &c);
    EXPECT_TRUE(s.IsInvalidArgument()) << k.text;
    EXPECT_NE(std::string::npos, s.message().find(k.why)) << s.message();
    EXPECT_NE(std::string::npos, s.message().find(std::string("'") + k.text + "'")) << s.message();
    std::string_view key;
    int64_t off;
    EXPECT_FALSE(Cursor::Split(k.text, &key, &off)) << k.text;
  }
  EXPECT_EQ((Cursor{"keep", 3}), c);  // left alone on error
  ASSERT_TRUE(Cursor::Parse("k:9223372036854775807", &c).ok());
  EXPECT_EQ(INT64_MAX, c.offset);
}

}  // namespace lc
