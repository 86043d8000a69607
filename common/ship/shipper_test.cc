#include "common/ship/shipper.h"

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/fake_sink.h"

namespace lc {
namespace {

// Each sender gets one of these; all forward to one shared FakeSink.
class Forward : public Sink {
 public:
  explicit Forward(FakeSink* to) : to_(to) {}
  SendResult Send(const Batch& b) override { return to_->Send(b); }

 private:
  FakeSink* to_;
};

struct Fixture {
  std::string dir;
  FakeSink sink;
  ShipOptions opt;
  Fixture() {
    char d[] = "/tmp/lc-shipper-XXXXXX";
    dir = mkdtemp(d);
    opt.commit_path = dir + "/commit";
    opt.sink_name = "fake:";
    opt.retry.initial_delay = 1 * kMillis;
    opt.retry.max_delay = 2 * kMillis;
  }
  ~Fixture() { system(("rm -rf " + dir).c_str()); }
  // Runs a Shipper over `input` (fed through a pipe); returns its exit status.
  int Ship(const std::string& input, ShipCounters* out = nullptr) {
    int p[2];
    EXPECT_EQ(0, pipe(p));
    std::thread writer([&] {
      (void)!write(p[1], input.data(), input.size());
      close(p[1]);
    });
    Shipper s(opt, [&](std::unique_ptr<Sink>* o) {
      o->reset(new Forward(&sink));
      return Status::OK();
    }, SystemClock());
    EXPECT_TRUE(s.Init().ok());
    // A Run that never returns (a thread never woken) ends the unit tests
    // here, red, instead of hanging until the suite's timeout.
    std::mutex mu;
    std::condition_variable cv;
    bool returned = false;
    std::thread watchdog([&] {
      std::unique_lock<std::mutex> l(mu);
      if (cv.wait_for(l, std::chrono::seconds(30), [&] { return returned; })) return;
      fprintf(stderr, "%s: Shipper::Run did not return within 30 s\n",
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::_Exit(1);
    });
    int rc = s.Run(p[0]);
    {
      std::lock_guard<std::mutex> l(mu);
      returned = true;
    }
    cv.notify_one();
    watchdog.join();
    writer.join();
    close(p[0]);
    if (out) out->records = s.counters().records.load(), out->not_json = s.counters().not_json.load(),
             out->without_cursor = s.counters().without_cursor.load(), out->spooled = s.counters().spooled.load(),
             out->replayed = s.counters().replayed.load(), out->batches = s.counters().batches.load(),
             out->forgotten = s.counters().forgotten.load();
    return rc;
  }
  CursorMap Committed() {
    CursorMap m;
    EXPECT_TRUE(LoadCommitFile(opt.commit_path, &m).ok());
    return m;
  }
};

std::string Rec(const std::string& src, int off) {
  return "{\"body\":\"" + src + std::to_string(off) + "\",\"lc.cursor\":\"" + src + ":" + std::to_string(off) + "\"}\n";
}

}  // namespace

TEST(Shipper, DeliversEverythingAndCommitsEachSource) {
  Fixture f;
  f.opt.batch.max_records = 3;
  f.opt.concurrency = 3;
  std::string in;
  for (int i = 1; i <= 20; i++) in += Rec(i % 2 ? "a" : "b", i * 10);
  in += "plain text line\n\n{\"no\":\"cursor\"}";  // the last line has no newline
  ShipCounters c;
  EXPECT_EQ(0, f.Ship(in, &c));
  EXPECT_EQ(22u, f.sink.delivered.size());
  EXPECT_EQ(22, c.records);
  EXPECT_EQ(1, c.not_json);
  EXPECT_EQ(2, c.without_cursor);
  EXPECT_EQ(8, c.batches);
  CursorMap want = {{"a", 190}, {"b", 200}};
  EXPECT_EQ(want, f.Committed());
}

TEST(Shipper, KeepsCursorsOfSourcesNotSeenAndResumesPastThem) {
  Fixture f;
  ASSERT_TRUE(SaveCommitFile(f.opt.commit_path, {{"other", 77}, {"a", 5}}).ok());
  EXPECT_EQ(0, f.Ship(Rec("a", 9)));
  CursorMap want = {{"a", 9}, {"other", 77}};
  EXPECT_EQ(want, f.Committed());
}

TEST(Shipper, AForgetLineDropsItsSourceFromTheCommitFileAndIsNotDelivered) {
  Fixture f;
  f.opt.batch.max_records = 2;
  ASSERT_TRUE(SaveCommitFile(f.opt.commit_path, {{"gone", 77}, {"a", 5}, {"kept", 3}}).ok());
  // "b" has a record in the batch being built when its line comes (it came
  // back): kept.  A forget line with anything more is a record.  (A source
  // with a batch in flight: CommitTracker's test; here it would race.)
  std::string in = "{\"lc.forget\":\"gone\"}\n" + Rec("b", 4) + "{\"lc.forget\":\"b\"}\n" +
                   "{\"lc.forget\":\"kept\",\"x\":1}\n" + Rec("a", 9);
  ShipCounters c;
  EXPECT_EQ(0, f.Ship(in, &c));
  CursorMap want = {{"a", 9}, {"b", 4}, {"kept", 3}};
  EXPECT_EQ(want, f.Committed());
  EXPECT_EQ(1, c.forgotten);
  ASSERT_EQ(3u, f.sink.delivered.size());
  EXPECT_EQ("{\"lc.forget\":\"kept\",\"x\":1}", f.sink.delivered[1]);
  EXPECT_EQ(3, c.records);  // forget lines are not records
}

TEST(Shipper, ABrokenCommitFileIsAnArgumentError) {
  Fixture f;
  std::ofstream(f.opt.commit_path) << "{nope";
  Shipper s(f.opt, [&](std::unique_ptr<Sink>* o) {
    o->reset(new Forward(&f.sink));
    return Status::OK();
  }, SystemClock());
  Status st = s.Init();
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(std::string::npos, st.message().find(f.opt.commit_path));
}

TEST(Shipper, RetriesUntilDeliveredBeforeCommitting) {
  Fixture f;
  f.opt.concurrency = 1;
  for (int i = 0; i < 3; i++) f.sink.Fail("503");
  EXPECT_EQ(0, f.Ship(Rec("a", 1) + Rec("a", 2)));
  EXPECT_EQ(4u, f.sink.calls.size());
  EXPECT_EQ(2u, f.sink.delivered.size());
  EXPECT_EQ(2, f.Committed().at("a"));
}

TEST(Shipper, AClosedReaderStopsReadingAndExitsZeroCommittingOnlyWhatWasDelivered) {
  Fixture f;
  f.opt.concurrency = 1;
  f.opt.batch.max_records = 2;
  f.sink.Answer(SendResult::AllDelivered());
  f.sink.Answer(SendResult::Closed(Status::IOError("stdout: reader closed")));
  std::string in;
  for (int i = 1; i <= 1000; i++) in += Rec("a", i);  // less than a pipe holds
  ShipCounters c;
  EXPECT_EQ(0, f.Ship(in, &c));
  EXPECT_EQ(2, f.Committed().at("a"));
  EXPECT_EQ(2u, f.sink.delivered.size());
  EXPECT_LE(f.sink.calls.size(), 3u);  // nothing retried, nothing more sent (one in flight at most)
}

TEST(Shipper, SpoolsWhileTheSinkIsDownAndDrainsItAtEof) {
  Fixture f;
  f.opt.spool_dir = f.dir + "/spool";
  f.opt.batch.max_records = 1;
  f.opt.concurrency = 1;
  f.sink.Fail("down");
  f.sink.Fail("down");
  ShipCounters c;
  EXPECT_EQ(0, f.Ship(Rec("a", 1) + Rec("a", 2) + Rec("a", 3), &c));
  EXPECT_GE(c.spooled, 1);
  EXPECT_EQ(c.spooled, c.replayed);
  std::vector<std::string> got = f.sink.delivered;
  std::sort(got.begin(), got.end());
  ASSERT_EQ(3u, got.size());
  EXPECT_EQ(3, f.Committed().at("a"));
  std::unique_ptr<Spool> sp;
  ASSERT_TRUE(Spool::Open(f.opt.spool_dir, 1 << 20, &sp).ok());
  EXPECT_TRUE(sp->empty());
}

}  // namespace lc

namespace lc {
namespace {
// A monotonic clock that starts near 0: a node booted just now.
class JustBootedClock : public Clock {
 public:
  int64_t NowNanos() override { return SystemClock()->NowNanos(); }
  int64_t MonoNanos() override { return SystemClock()->MonoNanos() - start_ + kMillis; }

 private:
  int64_t start_ = SystemClock()->MonoNanos();
};
}  // namespace

// The first commit waited until the monotonic clock passed the commit
// interval: with --commit-interval 1h on a machine up for less than an hour,
// nothing was committed for the rest of that hour (lc-ship.bats caught it
// on a freshly booted CI machine).
TEST(Shipper, RegressionTheFirstCommitIsAtOnceWhateverTheIntervalAndTheUptime) {
  Fixture f;
  f.opt.commit_interval_nanos = 3600 * kSeconds;
  f.opt.batch.max_wait_nanos = 1 * kMillis;
  JustBootedClock clock;
  int p[2];
  ASSERT_EQ(0, pipe(p));
  Shipper s(f.opt, [&](std::unique_ptr<Sink>* o) {
    o->reset(new Forward(&f.sink));
    return Status::OK();
  }, &clock);
  ASSERT_TRUE(s.Init().ok());
  std::thread run([&] { s.Run(p[0]); });
  std::string rec = Rec("a", 7);
  ASSERT_EQ(static_cast<ssize_t>(rec.size()), write(p[1], rec.data(), rec.size()));
  bool committed = false;
  for (int i = 0; i < 500 && !committed; i++) {  // 5 s at most; the input stays open
    CursorMap m;
    committed = LoadCommitFile(f.opt.commit_path, &m).ok() && m == CursorMap{{"a", 7}};
    if (!committed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  close(p[1]);
  run.join();
  close(p[0]);
  EXPECT_TRUE(committed);
}

}  // namespace lc
