#include "testing/fake_clock.h"
#include "common/ship/batch_sender.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/fake_sink.h"

namespace lc {
namespace {

// Waits by moving the fake clock; gives up once past `deadline` (if set).
class FakeWaiter : public Waiter {
 public:
  explicit FakeWaiter(FakeClock* c) : clock(c) {}
  bool Wait(int64_t nanos) override {
    waits.push_back(nanos);
    clock->Advance(nanos);
    return deadline == 0 || clock->MonoNanos() < deadline;
  }
  FakeClock* clock;
  int64_t deadline = 0;
  std::vector<int64_t> waits;
};

struct Env {
  FakeClock clock;
  FakeWaiter waiter{&clock};
  ShipCounters counters;
  std::string dir;
  std::unique_ptr<DeadLetter> dead;
  std::unique_ptr<Spool> spool;
  SenderEnv env;
  explicit Env(bool with_spool = false, int64_t spool_max = 1 << 20) {
    char d[] = "/tmp/lc-sender-XXXXXX";
    dir = mkdtemp(d);
    dead.reset(new DeadLetter(dir + "/dead", "fake:"));
    if (with_spool) {
      EXPECT_TRUE(Spool::Open(dir + "/spool", spool_max, &spool).ok());
    }
    env.sink_name = "fake:";
    env.clock = &clock;
    env.waiter = &waiter;
    env.counters = &counters;
    env.dead_letter = dead.get();
    env.spool = spool.get();
  }
  ~Env() { system(("rm -rf " + dir).c_str()); }
  std::vector<nlohmann::json> DeadLines() {
    std::vector<nlohmann::json> out;
    std::ifstream f(dir + "/dead");
    for (std::string line; std::getline(f, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }
};

SendResult PerRecord(std::vector<SendResult::Outcome> o, std::vector<std::string> why, int64_t retry_after = 0) {
  SendResult r;
  r.outcomes = std::move(o);
  r.reasons = std::move(why);
  r.retry_after_nanos = retry_after;
  return r;
}

}  // namespace

TEST(BatchSender, RetriesWithBackoffAndRetryAfterUntilDelivered) {
  Env e;
  FakeSink sink;
  sink.Fail("503", 0);
  sink.Fail("429", 3 * kSeconds);
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kResolved, s.Deliver(BatchOf({"r1", "r2"})));
  EXPECT_EQ(3u, sink.calls.size());
  EXPECT_EQ((std::vector<std::string>{"r1", "r2"}), sink.delivered);
  ASSERT_EQ(2u, e.waiter.waits.size());
  EXPECT_LE(e.waiter.waits[0], 100 * kMillis);
  EXPECT_EQ(3 * kSeconds, e.waiter.waits[1]);
  EXPECT_EQ(2, e.counters.retries);
  EXPECT_EQ(2, e.counters.delivered);
}

TEST(BatchSender, ResendsOnlyWhatTheSinkWantsAgainAndDeadLettersRefusals) {
  Env e;
  FakeSink sink;
  sink.Answer(PerRecord({SendResult::kDelivered, SendResult::kRetry, SendResult::kReject},
                        {"", "429 busy", "400 bad field"}));
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kResolved, s.Deliver(BatchOf({"a", "b", "c"})));
  ASSERT_EQ(2u, sink.calls.size());
  EXPECT_EQ((std::vector<std::string>{"b"}), sink.calls[1]);
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), sink.delivered);
  auto dead = e.DeadLines();
  ASSERT_EQ(1u, dead.size());
  EXPECT_EQ("c", dead[0]["record"]);
  EXPECT_EQ("400 bad field", dead[0]["reason"]);
  EXPECT_EQ(1, e.counters.dead_lettered);
  EXPECT_EQ(2, e.counters.delivered);
}

TEST(BatchSender, GivesUpAfterRetryMaxCountingDropped) {
  Env e;
  e.env.retry.give_up_after = 10 * kSeconds;
  FakeSink sink;
  for (int i = 0; i < 1000; i++) sink.Fail("connection refused");
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kResolved, s.Deliver(BatchOf({"a", "b"})));
  EXPECT_GE(e.clock.MonoNanos() - 1'700'000'000'000'000'000, 10 * kSeconds);
  EXPECT_EQ(2, e.counters.dropped);
  EXPECT_EQ(0, e.counters.delivered);
  auto dead = e.DeadLines();
  ASSERT_EQ(2u, dead.size());
  EXPECT_NE(std::string::npos, dead[0]["reason"].get<std::string>().find("--retry-max: connection refused"));
}

TEST(BatchSender, AbandonsAtTheFlushDeadline) {
  Env e;
  e.waiter.deadline = e.clock.MonoNanos() + 1 * kSeconds;
  FakeSink sink;
  for (int i = 0; i < 100; i++) sink.Fail("down");
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kAbandoned, s.Deliver(BatchOf({"a"})));
  EXPECT_EQ(0, e.counters.dropped);
  EXPECT_TRUE(sink.delivered.empty());
}

TEST(BatchSender, AClosedReaderEndsTheBatchWithoutRetryDeadLetterOrSpool) {
  Env e(/*with_spool=*/true);
  FakeSink sink;
  sink.Answer(SendResult::Closed(Status::IOError("stdout: reader closed")));
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kClosed, s.Deliver(BatchOf({"a", "b"})));
  EXPECT_EQ(1u, sink.calls.size());
  EXPECT_TRUE(e.waiter.waits.empty());
  EXPECT_EQ(0, e.counters.retries);
  EXPECT_EQ(0, e.counters.spooled);
  EXPECT_TRUE(e.DeadLines().empty());
  EXPECT_TRUE(e.spool->empty());
}

TEST(BatchSender, SpoolsWhatTheSinkDoesNotTakeThenQueuesBehindTheSpool) {
  Env e(true);
  FakeSink sink;
  sink.Fail("down");
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kResolved, s.Deliver(BatchOf({"a", "b"})));
  EXPECT_EQ(1u, sink.calls.size());
  EXPECT_EQ(1u, e.spool->segments());
  // The spool is not empty: the next batch goes behind it, not to the sink.
  EXPECT_EQ(BatchSender::Result::kResolved, s.Deliver(BatchOf({"c"})));
  EXPECT_EQ(1u, sink.calls.size());
  EXPECT_EQ(2u, e.spool->segments());
  EXPECT_EQ(3, e.counters.spooled);
  // Replay delivers from the spool, oldest first, and never re-spools.
  sink.Fail("still down");
  uint64_t id;
  ASSERT_TRUE(e.spool->Take(&id));
  std::string p;
  std::vector<std::string_view> recs;
  ASSERT_TRUE(e.spool->Read(id, &p, &recs).ok());
  EXPECT_EQ(BatchSender::Result::kResolved, s.Replay(BatchOf(recs)));
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), sink.delivered);
  EXPECT_EQ(2u, e.spool->segments());  // the caller removes it
  EXPECT_EQ(2, e.counters.replayed);
}

TEST(BatchSender, AFullSpoolMeansBackPressureNotLoss) {
  Env e(true, 40);
  FakeSink sink;
  sink.Fail("down");
  sink.Fail("down");
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kResolved, s.Deliver(BatchOf({std::string(100, 'x')})));
  EXPECT_EQ(3u, sink.calls.size());  // kept in memory and retried until the sink took it
  EXPECT_EQ(0u, e.spool->segments());
  EXPECT_EQ(1u, sink.delivered.size());
  EXPECT_EQ(0, e.counters.spooled);
}

TEST(BatchSender, CountsServerSideDrops) {
  Env e;
  FakeSink sink;
  SendResult r;
  r.server_rejected = 3;
  r.server_message = "3 log records rejected";
  sink.Answer(r);
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kResolved, s.Deliver(BatchOf({"a", "b", "c", "d"})));
  EXPECT_EQ(3, e.counters.server_rejected);
  EXPECT_EQ(1u, sink.calls.size());
}

}  // namespace lc

namespace lc {

TEST(BatchSender, AClosedSinkStopsAtOnceWithoutResolvingTheBatch) {
  Env e;
  FakeSink sink;
  sink.Answer(SendResult::Closed(Status::IOError("stdout: Broken pipe")));
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kClosed, s.Deliver(BatchOf({"a", "b"})));
  EXPECT_EQ(1u, sink.calls.size());  // not resent
  EXPECT_TRUE(e.waiter.waits.empty());
  EXPECT_EQ(0, e.counters.delivered);
  EXPECT_EQ(0, e.counters.dead_lettered + e.counters.dropped);
}

TEST(BatchSender, APartOfABatchIsResentAsABatchOfItsOwn) {
  Env e;
  FakeSink sink;
  sink.Answer(PerRecord({SendResult::kDelivered, SendResult::kRetry, SendResult::kDelivered, SendResult::kRetry},
                        {"", "busy", "", "busy"}));
  BatchSender s(&sink, e.env, 1);
  EXPECT_EQ(BatchSender::Result::kResolved,
            s.Deliver(BatchOf({R"({"lc.cursor":"a:1"})", R"({"lc.cursor":"a:2"})", R"({"lc.cursor":"b:3"})",
                               R"({"lc.cursor":"b:4"})"})));
  ASSERT_EQ(2u, sink.calls.size());
  EXPECT_EQ((std::vector<std::string>{R"({"lc.cursor":"a:2"})", R"({"lc.cursor":"b:4"})"}), sink.calls[1]);
  ASSERT_EQ(2u, sink.batches.size());
  EXPECT_EQ("{\"lc.cursor\":\"a:2\"}\n{\"lc.cursor\":\"b:4\"}\n", sink.batches[1].data);
  EXPECT_EQ((std::vector<std::pair<std::string, int64_t>>{{"a", 2}, {"b", 4}}), sink.batches[1].last_cursors);
}

}  // namespace lc
