#include "testing/fake_clock.h"
#include "common/runtime/runtime_record_writer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/test_ndjson.h"

#include "common/base/clock.h"
#include "common/base/rfc3339.h"
#include "testing/fixture.h"

// Most cases replay runtime log files captured from a real Docker engine and
// real podman/conmon (tests/fixtures/stdout/README), line by line, as the
// Tailer hands them out.

namespace lc {
namespace {

using nlohmann::json;

std::string Fixture(const std::string& name) { return ReadFixture("stdout/" + name); }

class RuntimeRecordWriterTest : public ::testing::Test {
 protected:
  RuntimeRecordWriterTest() : out_(-1, 16 << 20) {}

  // Makes the writer (after opt_ is set) and starts one file.
  void Start(const std::string& path = "/var/lib/docker/containers/c/c-json.log") {
    writer_.reset(new RuntimeRecordWriter(&out_, &clock_, "node-7", {{"env", "test"}}, opt_));
    file_.path = path;
    file_.key = "803:1a2b:9f00";
    file_.source = &source_;
    writer_->Begin(&file_);
  }

  // Hands out each complete line of `data` that starts at or after `from`;
  // after each, records SafeOffset in safe_.
  void Feed(const std::string& data, int64_t from = 0) {
    size_t at = 0;
    while (at < data.size()) {
      size_t nl = data.find('\n', at);
      if (nl == std::string::npos) break;
      int64_t end = static_cast<int64_t>(nl + 1);
      if (static_cast<int64_t>(at) >= from) {
        writer_->Line(&file_, data.data() + at, nl - at, end, false, clock_.NowNanos());
      }
      safe_.push_back(writer_->SafeOffset(file_, end));
      at = nl + 1;
    }
  }

  void Final() { writer_->Idle(&file_, clock_.MonoNanos(), true); }

  // The records written so far, parsed.
  std::vector<json> Records() { return ParseNdjson(out_.pending()); }

  static std::vector<std::string> Bodies(const std::vector<json>& r) {
    std::vector<std::string> b;
    for (const json& j : r) b.push_back(j["body"].get<std::string>());
    return b;
  }

  FakeClock clock_;
  OutputWriter out_;
  RuntimeRecordWriter::Options opt_;
  std::unique_ptr<RuntimeRecordWriter> writer_;
  WatchSource source_;
  TailedFile file_;
  std::vector<int64_t> safe_;
};

TEST_F(RuntimeRecordWriterTest, DockerStdoutAndStderrWithTheirOwnCursorKeys) {
  std::string data = Fixture("docker-json-stdout-stderr.log");
  Start();
  Feed(data);
  std::vector<json> r = Records();
  ASSERT_EQ(3u, r.size());
  EXPECT_EQ((std::vector<std::string>{"out1", "out2", "err1"}), Bodies(r));
  EXPECT_EQ("stdout", r[0]["log.iostream"]);
  EXPECT_EQ("stderr", r[2]["log.iostream"]);
  EXPECT_EQ("2026-11-25T08:45:38.027806692Z", r[0]["time"]);  // the runtime's time
  EXPECT_EQ("/var/lib/docker/containers/c/c-json.log", r[0]["log.file.path"]);
  EXPECT_EQ("node-7", r[0]["host.name"]);
  EXPECT_EQ("test", r[0]["env"]);
  size_t l1 = data.find('\n') + 1, l2 = data.find('\n', l1) + 1;
  EXPECT_EQ("803:1a2b:9f00/stdout:" + std::to_string(l1), r[0]["lc.cursor"]);
  EXPECT_EQ("803:1a2b:9f00/stdout:" + std::to_string(l2), r[1]["lc.cursor"]);
  EXPECT_EQ("803:1a2b:9f00/stderr:" + std::to_string(data.size()), r[2]["lc.cursor"]);
}

TEST_F(RuntimeRecordWriterTest, DockerJsonUnescapingOfARealLine) {
  Start();
  Feed(Fixture("docker-json-escapes.log"));
  std::vector<json> r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ("tab\there \"q\" back\\slash \x01 caf\xC3\xA9 \xF0\x9F\x98\x80 <&>", r[0]["body"]);
  EXPECT_FALSE(r[0].contains("lc.body_base64"));
}

TEST_F(RuntimeRecordWriterTest, DockerAttrsAreAccepted) {
  Start();
  Feed(Fixture("docker-json-attrs.log"));
  std::vector<json> r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ("with attrs", r[0]["body"]);
  EXPECT_FALSE(r[0].contains("lc.parse_error"));
}

TEST_F(RuntimeRecordWriterTest, Docker16KiBPiecesAreRejoinedAndHoldTheCheckpoint) {
  std::string data = Fixture("docker-json-16385-bytes-split-at-16k.log");
  Start();
  Feed(data);
  std::vector<json> r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ(std::string(16385, 'x'), r[0]["body"]);
  EXPECT_FALSE(r[0].contains("lc.truncated"));
  EXPECT_EQ("803:1a2b:9f00/stdout:" + std::to_string(data.size()), r[0]["lc.cursor"]);
  EXPECT_EQ(LineHandler::kNoDeadline, writer_->Deadline(file_));
  // After the first piece the checkpoint may not pass the start of its line.
  ASSERT_EQ(2u, safe_.size());
  EXPECT_EQ(0, safe_[0]);
  EXPECT_EQ(static_cast<int64_t>(data.size()), safe_[1]);
}

TEST_F(RuntimeRecordWriterTest, DockerWritesAUtf8CharacterSplitAt16KiBAsReplacementCharacters) {
  // dockerd's JSON encoder replaces each half of the split "é" with U+FFFD:
  // the bytes are not in the file, and the join keeps what is there.
  Start();
  Feed(Fixture("docker-json-utf8-split-at-16k.log"));
  std::vector<json> r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ(std::string(16383, 'a') + "\xEF\xBF\xBD\xEF\xBF\xBD" "b", r[0]["body"]);
}

TEST_F(RuntimeRecordWriterTest, CriUtf8CharacterSplitAt8KiBIsRestoredExactly) {
  Start("/var/log/pods/ns_pod_uid/c/0.log");
  Feed(Fixture("podman-cri-utf8-split-at-8k.log"));
  std::vector<json> r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ(std::string(8191, 'a') + "\xC3\xA9" "b", r[0]["body"]);
  EXPECT_FALSE(r[0].contains("lc.body_base64"));
}

// --encoding decodes the joined message: a GBK character conmon split
// between two 8 KiB pieces is one character again, not two U+FFFD.
TEST_F(RuntimeRecordWriterTest, RegressionAGbkCharacterSplitAt8KiBIsDecodedWhole) {
  opt_.encoding = "gbk";
  Start("/var/log/pods/ns_pod_uid/c/0.log");
  Feed(Fixture("podman-cri-gbk-split-at-8k.log"));
  std::vector<json> r = Records();
  ASSERT_EQ(3u, r.size());
  // The stderr line was written while stdout's first piece waited.
  EXPECT_EQ("\xE4\xB8\xAD\xE6\x96\x87 err", r[0]["body"]);            // 中文 err
  EXPECT_EQ("stderr", r[0]["log.iostream"]);
  EXPECT_EQ(std::string(8191, 'a') + "\xE4\xB8\xAD" "b", r[1]["body"]);  // 中b
  EXPECT_EQ("\xE4\xB8\xAD\xE6\x96\x87", r[2]["body"]);
  for (const json& j : r) EXPECT_FALSE(j.contains("lc.body_base64")) << j.dump();
}

TEST_F(RuntimeRecordWriterTest, Cri8KiBPiecesAreRejoinedWithTheFirstPiecesTime) {
  std::string data = Fixture("podman-cri-16385-bytes-split-at-8k.log");
  Start("/var/log/pods/ns_pod_uid/c/0.log");
  Feed(data);
  std::vector<json> r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ(std::string(16385, 'x'), r[0]["body"]);
  EXPECT_EQ("2026-11-25T08:45:43.771750710Z", r[0]["time"]);
  EXPECT_EQ((std::vector<int64_t>{0, 0, static_cast<int64_t>(data.size())}), safe_);
}

TEST_F(RuntimeRecordWriterTest, CriStdoutStderrAndK8sFieldsFromThePodsDirPath) {
  Start("/var/log/pods/shop_cart-7d9f_0f1e2d3c/app/2.log");
  Feed(Fixture("podman-cri-stdout-stderr.log"));
  std::vector<json> r = Records();
  ASSERT_EQ(3u, r.size());
  EXPECT_EQ((std::vector<std::string>{"out1", "out2", "err1"}), Bodies(r));
  EXPECT_EQ("stderr", r[2]["log.iostream"]);
  EXPECT_EQ("shop", r[0]["k8s.namespace.name"]);
  EXPECT_EQ("cart-7d9f", r[0]["k8s.pod.name"]);
  EXPECT_EQ("0f1e2d3c", r[0]["k8s.pod.uid"]);
  EXPECT_EQ("app", r[0]["k8s.container.name"]);
  EXPECT_EQ("2", r[0]["k8s.container.restart_count"]);
}

TEST_F(RuntimeRecordWriterTest, ContainerEventTagsWinOverThePodsDirPath) {
  source_.key = "docker/abc";
  source_.tags = {{"container.id", "abc"}, {"k8s.pod.name", "from-event"}};
  Start("/var/log/pods/shop_cart-7d9f_0f1e2d3c/app/0.log");
  Feed(Fixture("podman-cri-stdout-stderr.log"));
  std::vector<json> r = Records();
  ASSERT_EQ(3u, r.size());
  EXPECT_EQ("from-event", r[0]["k8s.pod.name"]);
  EXPECT_EQ("abc", r[0]["container.id"]);
  EXPECT_FALSE(r[0].contains("k8s.namespace.name"));
}

TEST_F(RuntimeRecordWriterTest, AFinalPieceWithoutNewlineWaitsForTheTimeoutOrTheEnd) {
  opt_.flush_ns = 2 * kSeconds;
  for (const char* name : {"docker-json-no-final-newline.log", "podman-cri-no-final-newline.log"}) {
    SCOPED_TRACE(name);
    out_.Discard();
    safe_.clear();
    std::string data = Fixture(name);
    Start();
    Feed(data);
    EXPECT_EQ((std::vector<std::string>{"first"}), Bodies(Records()));
    size_t last = data.rfind('\n', data.size() - 2) + 1;
    EXPECT_EQ(static_cast<int64_t>(last), safe_.back());  // the checkpoint holds the piece
    EXPECT_EQ(clock_.MonoNanos() + 2 * kSeconds, writer_->Deadline(file_));  // Follow wakes then
    clock_.Advance(2 * kSeconds - 1);
    writer_->Idle(&file_, clock_.MonoNanos(), false);
    EXPECT_EQ(1u, Records().size());
    clock_.Advance(1);
    writer_->Idle(&file_, clock_.MonoNanos(), false);
    std::vector<json> r = Records();
    ASSERT_EQ(2u, r.size());
    EXPECT_EQ("no newline", r[1]["body"]);
    EXPECT_EQ(LineHandler::kNoDeadline, writer_->Deadline(file_));
    EXPECT_EQ(static_cast<int64_t>(data.size()), writer_->SafeOffset(file_, data.size()));
  }
  // The end of the file for good flushes at once.
  out_.Discard();
  Start();
  Feed(Fixture("podman-cri-no-final-newline.log"));
  Final();
  EXPECT_EQ((std::vector<std::string>{"first", "no newline"}), Bodies(Records()));
}

TEST_F(RuntimeRecordWriterTest, PiecesAreNeverJoinedAcrossStreams) {
  std::string data =
      "2026-11-25T08:00:00.1Z stdout P out-a\n"
      "2026-11-25T08:00:00.2Z stderr P err-a\n"
      "2026-11-25T08:00:00.3Z stderr F err-b\n"
      "2026-11-25T08:00:00.4Z stdout F out-b\n";
  Start();
  Feed(data);
  std::vector<json> r = Records();
  ASSERT_EQ(2u, r.size());
  EXPECT_EQ("err-aerr-b", r[0]["body"]);
  EXPECT_EQ("stderr", r[0]["log.iostream"]);
  EXPECT_EQ("out-aout-b", r[1]["body"]);
  EXPECT_EQ("2026-11-25T08:00:00.100000000Z", r[1]["time"]);
  // While stdout's first piece is pending, the safe offset stays at 0 even
  // though stderr completed a message after it.
  EXPECT_EQ((std::vector<int64_t>{0, 0, 0, static_cast<int64_t>(data.size())}), safe_);
}

TEST_F(RuntimeRecordWriterTest, CorruptDockerLinesAreKeptRawAndReadingGoesOn) {
  std::string data = Fixture("docker-json-corrupt-lines.log");
  Start();
  Feed(data);
  std::vector<json> r = Records();
  ASSERT_EQ(5u, r.size());
  std::vector<std::string> good, bad;
  for (const json& j : r) (j.contains("lc.parse_error") ? bad : good).push_back(j["body"]);
  EXPECT_EQ((std::vector<std::string>{"out1", "out2", "err1"}), good);
  ASSERT_EQ(2u, bad.size());
  EXPECT_EQ("{\"log\":\"cut off by a cra", bad[0]);
  std::string nul_line = std::string(8, '\0') + "{\"log\":\"bad time\\n\"";
  EXPECT_EQ(nul_line, bad[1].substr(0, nul_line.size()));
  EXPECT_EQ("803:1a2b:9f00/raw:", r[1]["lc.cursor"].get<std::string>().substr(0, 18));
  EXPECT_EQ("2026-11-25T08:45:38.029105719Z", r[3]["time"]);
}

TEST_F(RuntimeRecordWriterTest, CorruptCriLinesAreKeptRawAndReadingGoesOn) {
  Start();
  Feed(Fixture("podman-cri-corrupt-lines.log"));
  std::vector<json> r = Records();
  std::vector<std::string> good, reasons;
  for (const json& j : r) {
    if (j.contains("lc.parse_error")) {
      reasons.push_back(j["lc.parse_error"]);
    } else {
      good.push_back(j["body"]);
    }
  }
  // A line cut short is still a well-formed CRI line; the NUL-padded one is not.
  EXPECT_EQ((std::vector<std::string>{"out1", "cut off by a cra", "out2", "err1"}), good);
  EXPECT_EQ((std::vector<std::string>{"bad CRI timestamp", "bad CRI tag (want P or F)",
                                      "bad CRI timestamp"}),
            reasons);
}

TEST_F(RuntimeRecordWriterTest, InvalidUtf8KeepsItsBytesInBase64) {
  Start();
  Feed("2026-11-25T08:00:00Z stdout F caf\xE9\n");
  std::vector<json> r = Records();
  ASSERT_EQ(1u, r.size());
  EXPECT_EQ("Y2Fm6Q==", r[0]["lc.body_base64"]);
}

TEST_F(RuntimeRecordWriterTest, AJoinedLineLongerThanTheBoundIsCutAndFlagged) {
  opt_.max_message_bytes = 10;
  Start();
  Feed("2026-11-25T08:00:00Z stdout P 0123456\n"
       "2026-11-25T08:00:00Z stdout P 789abcd\n"
       "2026-11-25T08:00:01Z stdout F ef\n"
       "2026-11-25T08:00:02Z stdout F short\n");
  std::vector<json> r = Records();
  ASSERT_EQ(3u, r.size());
  EXPECT_EQ("0123456789", r[0]["body"]);
  EXPECT_EQ(true, r[0]["lc.truncated"]);
  EXPECT_EQ("abcdef", r[1]["body"]);
  EXPECT_EQ(true, r[1]["lc.truncated"]);
  EXPECT_EQ("short", r[2]["body"]);
  EXPECT_FALSE(r[2].contains("lc.truncated"));
}

TEST_F(RuntimeRecordWriterTest, StreamFilterAndSince) {
  std::string data = Fixture("docker-json-stdout-stderr.log");
  opt_.want_stdout = false;
  Start();
  Feed(data);
  EXPECT_EQ((std::vector<std::string>{"err1"}), Bodies(Records()));
  out_.Discard();
  opt_.want_stdout = true;
  // The resume rule (start_position.h) decided a time: older lines are skipped.
  ASSERT_TRUE(ParseRfc3339("2026-11-25T08:45:38.029105719Z", 30, &file_.since));
  Start();
  Feed(data);
  EXPECT_EQ((std::vector<std::string>{"out2", "err1"}), Bodies(Records()));
}

TEST_F(RuntimeRecordWriterTest, EachStreamSkipsWhatItsCommitDelivered) {
  std::string data = Fixture("docker-json-stdout-stderr.log");
  size_t l1 = data.find('\n') + 1, l2 = data.find('\n', l1) + 1;
  EXPECT_EQ((std::vector<std::string>{"/stdout", "/stderr", "/raw"}),
            RuntimeRecordWriter(&out_, &clock_, "", {}, opt_).CursorStreams());
  // stdout was delivered through out2; stderr's err1 never was.
  file_.committed = {static_cast<int64_t>(l2), -1, -1};
  Start();
  Feed(data);
  EXPECT_EQ((std::vector<std::string>{"err1"}), Bodies(Records()));
  out_.Discard();
  file_.committed = {static_cast<int64_t>(l1), static_cast<int64_t>(data.size()), -1};
  Start();
  Feed(data);
  EXPECT_EQ((std::vector<std::string>{"out2"}), Bodies(Records()));
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

// With a shaper (common/parse/): each stream is joined apart, the message
// (not the envelope) is parsed, and a held record keeps the checkpoint.
TEST_F(RuntimeRecordWriterTest, ShapedStreamsAreJoinedApartAndHoldTheCheckpoint) {
  ShapeOptions so;
  so.multiline.cont = "^\\s";
  so.parser.parser = "regex";
  so.parser.regex = "(?s)^(?<word>\\w+)";
  so.keep_body = true;
  std::unique_ptr<RecordShaper> shaper;
  ASSERT_TRUE(RecordShaper::Make(so, &shaper).ok());
  opt_.shaper = shaper.get();
  Start();
  auto line = [](const char* stream, const char* msg) {
    return std::string("{\"log\":\"") + msg + "\\n\",\"stream\":\"" + stream +
           "\",\"time\":\"2026-12-01T10:00:00.000000001Z\"}\n";
  };
  std::string data = line("stderr", "Traceback") + line("stdout", "out1") + line("stderr", "  at x") +
                     line("stdout", "out2") + line("stderr", "Error");
  Feed(data);
  std::vector<json> r = Records();
  // stdout: out1 was emitted when out2 began; stderr: the traceback when Error began.
  ASSERT_EQ(2u, r.size());
  EXPECT_EQ("out1", r[0]["body"]);
  EXPECT_EQ("stdout", r[0]["log.iostream"]);
  EXPECT_EQ("Traceback\n  at x", r[1]["body"]);
  EXPECT_EQ("Traceback", r[1]["word"]);
  EXPECT_EQ("stderr", r[1]["log.iostream"]);
  // Held: out2 and Error; the checkpoint stays at out2's line (the earlier).
  size_t out2_at = line("stderr", "Traceback").size() + line("stdout", "out1").size() +
                   line("stderr", "  at x").size();
  EXPECT_EQ(static_cast<int64_t>(out2_at), safe_.back());
  Final();
  r = Records();
  ASSERT_EQ(4u, r.size());
  EXPECT_EQ(static_cast<int64_t>(data.size()),
            std::stoll(r[3]["lc.cursor"].get<std::string>().substr(r[3]["lc.cursor"].get<std::string>().rfind(':') + 1)));
}

}  // namespace
}  // namespace lc
