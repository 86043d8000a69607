// man/lc-streams.7 is the specification of the four streams: every example
// on it must decode with its stream's decoder, and encode back to the same
// bytes (the examples show what the tools really write).  An example that
// stops decoding, or a decoder that stops accepting one, fails here.
//
// Examples are the .nf/.fi blocks of each section; a line starting with a
// blank continues the object of the line before it.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "common/base/atomic_file.h"
#include "common/stream/commit_file.h"
#include "common/stream/container_event.h"
#include "common/stream/cursor.h"
#include "common/stream/forget_line.h"
#include "common/stream/record.h"
#include "common/stream/watch_event.h"

namespace lc {
namespace {

struct Example {
  std::string section;  // ".SH" title, or "RECORDS/CURSORS" for a ".SS" below it
  int line;             // of the page, for messages
  std::string text;     // continuation lines joined
};

// The few troff escapes the examples may use; any other is an error, so an
// example never silently means something else than it shows.
bool Untroff(const std::string& in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); i++) {
    if (in[i] != '\\') {
      out->push_back(in[i]);
      continue;
    }
    std::string rest = in.substr(i + 1);
    if (rest.compare(0, 1, "e") == 0 || rest.compare(0, 1, "\\") == 0) {
      out->push_back('\\');
      i += 1;
    } else if (rest.compare(0, 1, "-") == 0) {
      out->push_back('-');
      i += 1;
    } else if (rest.compare(0, 1, "&") == 0) {
      i += 1;
    } else {
      return false;
    }
  }
  return true;
}

std::vector<Example> Examples() {
  std::string here = __FILE__;  // common/stream/streams_man_test.cc
  std::string page;
  Status s = ReadWholeFile(here.substr(0, here.rfind('/') + 1) + "../../man/lc-streams.7", &page);
  EXPECT_TRUE(s.ok()) << s.message();
  std::vector<Example> out;
  std::string section;
  bool in_block = false;
  int n = 0;
  size_t at = 0;
  while (at < page.size()) {
    size_t nl = page.find('\n', at);
    if (nl == std::string::npos) nl = page.size();
    std::string line = page.substr(at, nl - at);
    at = nl + 1;
    n++;
    if (line.rfind(".SH ", 0) == 0) {
      section = line.substr(4);
    } else if (line.rfind(".SS CURSORS", 0) == 0) {
      section = "RECORDS/CURSORS";
    } else if (line.rfind(".SS FORGOTTEN SOURCES", 0) == 0) {
      section = "RECORDS/FORGOTTEN SOURCES";
    } else if (line == ".nf") {
      in_block = true;
    } else if (line == ".fi") {
      in_block = false;
    } else if (in_block) {
      std::string text;
      EXPECT_TRUE(Untroff(line, &text)) << "man/lc-streams.7:" << n << ": an escape the test does not know";
      if (!text.empty() && text[0] == ' ' && !out.empty() && out.back().section == section) {
        out.back().text += text.substr(1);
      } else {
        out.push_back({section, n, text});
      }
    }
  }
  return out;
}

}  // namespace

TEST(StreamsManPage, EveryExampleDecodesAndEncodesBackToItself) {
  std::map<std::string, int> seen;  // what the examples cover
  for (const Example& ex : Examples()) {
    SCOPED_TRACE("man/lc-streams.7:" + std::to_string(ex.line) + ": " + ex.text);
    std::string again;
    if (ex.section == "CONTAINER EVENTS") {
      ContainerEvent e;
      Status s = DecodeContainerEvent(ex.text, &e);
      ASSERT_TRUE(s.ok()) << s.message();
      AppendContainerEvent(e, &again);
      seen["container " + std::to_string(e.type)]++;
    } else if (ex.section == "WATCH EVENTS") {
      WatchEvent e;
      Status s = DecodeWatchEvent(ex.text, &e);
      ASSERT_TRUE(s.ok()) << s.message();
      AppendWatchEvent(e, &again);
      seen["watch " + std::to_string(e.type)]++;
    } else if (ex.section == "RECORDS") {
      Record r;
      Status s = DecodeRecord(ex.text, &r);
      ASSERT_TRUE(s.ok()) << s.message();
      ASSERT_TRUE(r.has_cursor);
      AppendRecord(r, &again);
      seen["record"]++;
      if (r.truncated) seen["record truncated"]++;
      if (!r.parse_error.empty()) seen["record parse_error"]++;
      if (ex.text.find("\"lc.body_base64\"") != std::string::npos) seen["record base64"]++;
      // lc-ship's reader finds the same cursor.
      std::string scratch;
      std::string_view key;
      int64_t offset;
      ASSERT_TRUE(FindCursor(ex.text, &scratch, &key, &offset));
      EXPECT_EQ(r.cursor, (Cursor{std::string(key), offset}));
    } else if (ex.section == "RECORDS/CURSORS") {
      Cursor c;
      Status s = Cursor::Parse(ex.text, &c);
      ASSERT_TRUE(s.ok()) << s.message();
      again = c.ToString() + "\n";
      seen["cursor"]++;
    } else if (ex.section == "RECORDS/FORGOTTEN SOURCES") {
      std::string key;
      ASSERT_TRUE(ParseForgetLine(ex.text, &key));
      AppendForgetLine(key, &again);
      seen["forget"]++;
      // Not a record: lc-ship's reader would find no cursor in it.
      std::string scratch;
      std::string_view k;
      int64_t offset;
      EXPECT_FALSE(FindCursor(ex.text, &scratch, &k, &offset));
    } else if (ex.section == "COMMIT FILE") {
      CursorMap m;
      Status s = DecodeCommitFile(ex.text, "man/lc-streams.7", &m);
      ASSERT_TRUE(s.ok()) << s.message();
      EXPECT_FALSE(m.empty());
      again = EncodeCommitFile(m);
      seen["commit file"]++;
    } else {
      ADD_FAILURE() << "an example in section '" << ex.section << "', which has no decoder here";
      continue;
    }
    EXPECT_EQ(ex.text + "\n", again);
  }
  // Every event type of each stream, and each kind of record, has an example.
  for (const char* kind : {"container 0", "container 1", "container 2", "watch 0", "watch 1", "watch 2", "record",
                           "record truncated", "record parse_error", "record base64", "cursor", "forget", "commit file"}) {
    EXPECT_GT(seen[kind], 0) << "no example of " << kind;
  }
  EXPECT_GE(seen["record"], 4);
}

}  // namespace lc
