#include "common/json/json_validate.h"

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing/reference_json_validator.h"

namespace lc {
namespace {

TEST(JsonValidateTest, AcceptsWholeObjects) {
  for (const char* ok : {
           "{}", " { } ", "{\"a\":1}", "{\"a\":[1,2.5,-0.5e+3,true,false,null,{},[]]}",
           "{\"time\":\"2026-11-25T05:40:45Z\",\"body\":\"x \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\","
           "\"lc.cursor\":\"k:7\"}",
           "{\"long\":\"0123456789abcdef0123456789abcdef0123456789\\u001f0123456789abcdef\"}",
           "{\"utf8\":\"\xc3\xa9\xe2\x82\xac and more than sixteen bytes\"}", "{\"n\":0}", "{\"n\":-0.0E-0}",
       }) {
    EXPECT_TRUE(IsJsonObject(ok)) << ok;
  }
}

TEST(JsonValidateTest, RefusesWhatIsNotExactlyOneObject) {
  for (const char* bad : {
           "", "   ", "[]", "\"s\"", "1", "hello \"lc.cursor\":\"k1:77\"}",
           "{\"body\":\"cut here", "{\"body\":\"x\",\"lc.cursor\":\"k:7\"",    // truncated
           "{\"time\":\"x\",\"bo{\"time\":\"y\",\"body\":\"z\",\"lc.cursor\":\"k:7\"}",  // torn and glued
           "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "{\"a\":1,}", "{,}", "{\"a\"1}", "{\"a\":}", "{a:1}",
           "{'a':1}", "{\"a\":01}", "{\"a\":+1}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":NaN}",
           "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"\\u12\"}", "{\"a\":[1,]}",
           "{\"a\":\"raw \x1f control\"}", "{\"a\":\"raw\ttab in a string longer than sixteen\"}",
           "{\"a\":\"unterminated and longer than sixteen bytes",
       }) {
    EXPECT_FALSE(IsJsonObject(bad)) << bad;
  }
}

TEST(JsonValidateTest, RefusesNestingBeyondTheLimitWithoutCrashing) {
  std::string deep(100000, '[');
  EXPECT_FALSE(IsJsonObject("{\"a\":" + deep));
  std::string ok = "{\"a\":" + std::string(kMaxJsonDepth - 1, '[') + std::string(kMaxJsonDepth - 1, ']') + "}";
  EXPECT_TRUE(IsJsonObject(ok));
}


// Seeds for the mutations: small documents touching every rule (the
// 64-byte blocks of the scan: SameVerdictAsTheReferenceAcrossBlockEnds).
const std::vector<std::string>& Seeds() {
  static const std::vector<std::string> seeds = {
      "{}",
      " {\"a\" : [1, -0.5e+3, true, false, null, {}, [], \"\"]}\n",
      "{\"k\":\"0123456789abcdef0123456789\\\"x\\\\y\\u00e9z0123456789abcdef\"}",
      "{\"a\":{\"b\":[{\"c\":\"d\"},[-0],1E5,0.25e-7]},\"e\":\"\"}",
      "{\"s\":\"\\uD83D\\uDE00 \\uD800 \\uDC00 \\b\\f\\n\\r\\t\\/\"}",
      "{\"u\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 caf\xc3\xa9 and more\"}",
      "{\"time\":\"2026-11-25T05:40:45Z\",\"body\":\"GET \\\"/\\\" 200\",\"lc.cursor\":\"k:7\"}",
  };
  return seeds;
}

// Checked on a copy in an allocation of exactly its size, so that under
// ASan a read past the text (into a std::string's spare capacity, which
// ASan does not see) fails the test.
void ExpectSameVerdict(const std::string& text) {
  std::unique_ptr<char[]> exact(new char[text.size()]);
  memcpy(exact.get(), text.data(), text.size());
  ASSERT_EQ(IsJsonObject(std::string_view(exact.get(), text.size())), ReferenceIsJsonObject(text))
      << "input: " << testing::PrintToString(text);
}

TEST(JsonValidateTest, SameVerdictAsTheReferenceForEveryByteAtEveryPosition) {
  for (const std::string& seed : Seeds()) {
    ASSERT_TRUE(ReferenceIsJsonObject(seed)) << seed;
    for (size_t i = 0; i <= seed.size(); i++) {
      for (int b = 0; b < 256; b++) {
        char c = static_cast<char>(b);
        if (i < seed.size()) {
          std::string replaced = seed;
          replaced[i] = c;
          ExpectSameVerdict(replaced);
        }
        ExpectSameVerdict(seed.substr(0, i) + c + seed.substr(i));
      }
    }
  }
}

TEST(JsonValidateTest, SameVerdictAsTheReferenceForEveryTruncation) {
  std::vector<std::string> docs = Seeds();
  docs.push_back("{\"a\":\"" + std::string(100, 'x') + "\\u1234" + std::string(40, 'y') + "\",\"b\":123.5e-10}");
  for (const std::string& doc : docs) {
    for (size_t cut = 0; cut <= doc.size(); cut++) {
      ExpectSameVerdict(doc.substr(0, cut));
      ExpectSameVerdict(doc.substr(cut));
    }
  }
}

TEST(JsonValidateTest, SameVerdictAsTheReferenceForNumbersEscapesAndUtf8) {
  for (const char* number : {"0", "-0", "-", "1e5", "1E+5", "1e-5", "01", "-01", "1.", ".5", "1.5", "-0.0e0", "1e",
                             "1e+", "+1", "00", "0x1", "1.5.5", "2e5.5", "--1", "-a", "9999999999999999999999"}) {
    ExpectSameVerdict(std::string("{\"n\":") + number + "}");
    ExpectSameVerdict(std::string("{\"n\":[") + number + "]}");
    ExpectSameVerdict(std::string("{\"n\":") + number);
  }
  for (const char* escape : {"\\u0000", "\\uD800", "\\uDBFF\\uDFFF", "\\uDC00", "\\uD800\\u0041", "\\uD83D\\uDE00",
                             "\\uFFFF", "\\u12", "\\u123", "\\u123g", "\\U1234", "\\x41", "\\'", "\\a", "\\0", "\\",
                             "\\\\", "\\\"", "\\/"}) {
    for (size_t pad = 0; pad < 20; pad++) {
      std::string filler(pad, 'p');
      ExpectSameVerdict("{\"" + filler + escape + "\":1}");
      ExpectSameVerdict("{\"s\":\"" + filler + escape + filler + "\"}");
    }
  }
  for (const char* utf8 : {"\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xed\xa0\x80", "\xed\xbf\xbf",
                           "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff", "\xfe", "\x80", "\xc3", "\xe2\x82",
                           "\xf0\x9f\x98", "\xc3\xa9", "\xf0\x9f\x98\x80"}) {
    for (size_t pad = 0; pad < 20; pad++) {
      std::string filler(pad, 'p');
      ExpectSameVerdict("{\"s\":\"" + filler + utf8 + "\"}");
      ExpectSameVerdict("{\"s\":\"" + filler + utf8);
      ExpectSameVerdict("{\"s\":" + filler + utf8 + "}");
    }
  }
}

TEST(JsonValidateTest, SameVerdictAsTheReferenceForDeepNesting) {
  for (int d : {kMaxJsonDepth - 2, kMaxJsonDepth - 1, kMaxJsonDepth, kMaxJsonDepth + 1}) {
    std::string arrays = "{\"a\":" + std::string(d, '[') + std::string(d, ']') + "}";
    ExpectSameVerdict(arrays);
    std::string objects = "{";
    for (int i = 0; i < d; i++) objects += "\"k\":{";
    objects += std::string(d + 1, '}');
    ExpectSameVerdict(objects);
    std::string mixed = "{\"a\":";
    for (int i = 0; i < d; i++) mixed += (i % 3 == 0) ? "{\"x\":" : "[";
    for (int i = d - 1; i >= 0; i--) mixed += (i % 3 == 0) ? "}" : "]";
    mixed += "}";
    ExpectSameVerdict(mixed);
    ExpectSameVerdict(mixed.substr(0, mixed.size() - 1));
    ExpectSameVerdict(mixed + "}");
    // Closed by the wrong bracket.
    std::string swapped = mixed;
    size_t last = swapped.find_last_of("]");
    if (last != std::string::npos) swapped[last] = '}';
    ExpectSameVerdict(swapped);
  }
}

// IsJsonObject scans texts 64 bytes at a time (the last block loaded to end
// at the text's end, a text under 64 bytes copied): every escape, backslash
// run, control byte and closing quote at every offset around the first two
// block ends, in texts whose lengths cross 64 and 128.
TEST(JsonValidateTest, SameVerdictAsTheReferenceAcrossBlockEnds) {
  for (const char* piece : {"\\\"", "\\\\", "\\\\\\\"", "\\\\\\\\\"", "\\\\\\", "\\\\\\\\", "\\u00e9", "\\uD83D\\uDE00",
                            "\\u12", "\\u12\"4", "\\x", "\\\x01", "\\/\\b\\f\\n\\r\\t", "\"", "\x1f", "\t", "\\"}) {
    for (size_t pad = 0; pad < 140; pad++) {
      std::string filler(pad, 'p');
      std::string in_key = "{\"" + filler + piece + "\":1}";
      std::string in_value = "{\"s\":\"" + filler + piece + "\"}";
      std::string spaced = "{\"s\": [\"" + filler + piece + "\" , 1]}\n";
      for (const std::string& doc : {in_key, in_value, spaced}) {
        ExpectSameVerdict(doc);
        ExpectSameVerdict(doc.substr(0, doc.size() - 1));
        ExpectSameVerdict(doc.substr(0, doc.size() - 2));
        ExpectSameVerdict(doc + "  ");
      }
      // A string that ends at every offset, then another member.
      ExpectSameVerdict("{\"s\":\"" + filler + "\",\"t\":\"" + piece + "\"}");
      ExpectSameVerdict("{\"n\":" + std::string(pad, ' ') + "\"" + piece + "\"}");
    }
  }
}

// Strings of the bytes that matter to a string's end, at random, of every
// length up to three blocks: odd and even backslash runs crossing block
// ends, escaped and plain quotes, \u escapes cut anywhere, control bytes.
TEST(JsonValidateTest, SameVerdictAsTheReferenceOnStringsOfEscapeBytes) {
  std::mt19937 rng(7);
  static const char kBytes[] = "\\\\\\\"\"uu0aF/n \x01\t\x80";
  std::uniform_int_distribution<size_t> pick(0, sizeof kBytes - 2);
  for (int i = 0; i < 100000; i++) {
    size_t n = i % 200;
    std::string s;
    for (size_t k = 0; k < n; k++) s.push_back(kBytes[pick(rng)]);
    ExpectSameVerdict("{\"k\":\"" + s + "\"}");
    ExpectSameVerdict("{\"" + s + "\":\"v\",\"w\":[\"" + s + "\"]}");
  }
}

// Random documents from the grammar (mostly valid), each also mutated.
class RandomJson {
 public:
  explicit RandomJson(uint32_t seed) : rng_(seed) {}
  std::string Document() {
    std::string s;
    Ws(&s);
    Object(&s, 0);
    Ws(&s);
    return s;
  }
  std::string Mutated(std::string s) {
    if (s.empty()) return s;
    size_t i = Pick(s.size());
    switch (Pick(4)) {
      case 0: s[i] = static_cast<char>(Pick(256)); break;
      case 1: s.erase(i, 1); break;
      case 2: {
        static const char kInserted[] = "{}[]\",:\\ 0-eE.u\x01\x80";
        s.insert(i, 1, kInserted[Pick(sizeof kInserted - 1)]);
        break;
      }
      default: s.resize(i); break;
    }
    return s;
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  void Ws(std::string* s) {
    while (Pick(4) == 0) s->push_back(" \t\n\r"[Pick(4)]);
  }
  void Str(std::string* s) {
    s->push_back('"');
    size_t n = Pick(40);
    for (size_t i = 0; i < n; i++) {
      switch (Pick(12)) {
        case 0: s->append(std::string("\\") + "\"\\/bfnrt"[Pick(8)]); break;
        case 1: s->append(Pick(2) ? "\\u00e9" : "\\uD83D\\uDE00"); break;
        case 2: s->append("\xc3\xa9"); break;
        default: s->push_back(static_cast<char>('a' + Pick(26))); break;
      }
    }
    s->push_back('"');
  }
  void Value(std::string* s, int depth) {
    switch (Pick(depth > 6 ? 6 : 8)) {
      case 0: Str(s); break;
      case 1: s->append(std::to_string(static_cast<int>(Pick(2000)) - 1000)); break;
      case 2: s->append("-0.5e+12"); break;
      case 3: s->append("true"); break;
      case 4: s->append("false"); break;
      case 5: s->append("null"); break;
      case 6: Object(s, depth + 1); break;
      default: Array(s, depth + 1); break;
    }
  }
  void Object(std::string* s, int depth) {
    s->push_back('{');
    Ws(s);
    size_t n = Pick(5);
    for (size_t i = 0; i < n; i++) {
      if (i > 0) s->push_back(',');
      Ws(s);
      Str(s);
      Ws(s);
      s->push_back(':');
      Ws(s);
      Value(s, depth);
      Ws(s);
    }
    s->push_back('}');
  }
  void Array(std::string* s, int depth) {
    s->push_back('[');
    Ws(s);
    size_t n = Pick(5);
    for (size_t i = 0; i < n; i++) {
      if (i > 0) s->push_back(',');
      Ws(s);
      Value(s, depth);
      Ws(s);
    }
    s->push_back(']');
  }
  std::mt19937 rng_;
};

TEST(JsonValidateTest, SameVerdictAsTheReferenceOnRandomDocumentsAndMutations) {
  RandomJson gen(12345);
  int valid = 0;
  for (int i = 0; i < 20000; i++) {
    std::string doc = gen.Document();
    valid += ReferenceIsJsonObject(doc);
    ExpectSameVerdict(doc);
    std::string m = doc;
    for (int k = 0; k < 3; k++) {
      m = gen.Mutated(m);
      ExpectSameVerdict(m);
    }
  }
  EXPECT_EQ(valid, 20000);  // the generator itself follows the grammar
}

}  // namespace
}  // namespace lc
