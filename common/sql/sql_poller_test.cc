#include "common/sql/sql_poller.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/base/atomic_file.h"
#include "common/stream/commit_file.h"
#include "testing/fake_clock.h"
#include "testing/fake_sql_connection.h"
#include "testing/test_ndjson.h"

namespace lc {
namespace {

class SqlPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sql_poller_test.XXXXXX";
    dir_ = mkdtemp(tmpl);
    out_path_ = dir_ + "/out";
    fd_ = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    out_ = std::make_unique<OutputWriter>(fd_);
  }
  void TearDown() override {
    close(fd_);
    std::string cmd = "rm -rf " + dir_;
    ASSERT_EQ(system(cmd.c_str()), 0);
  }

  SqlPollerOptions Opts() {
    SqlPollerOptions o;
    o.record.source_key = "sql:k";
    o.record.cursor_column = "id";
    o.interval = 10 * kSeconds;
    return o;
  }
  Status Run(SqlPollerOptions o, int max_queries = 1000) {
    SqlPoller p(&conn_, out_.get(), &clock_, std::move(o),
                [this](int64_t n) {
                  waits_.push_back(n);
                  clock_.Advance(n);
                },
                [this, max_queries] { return stop_ || static_cast<int>(conn_.queries.size()) >= max_queries; },
                [this](const std::string& m) { log_.push_back(m); });
    Status s = p.Run();
    cursor_ = p.cursor();
    return s;
  }
  // The ids written, in order.
  std::vector<int64_t> Ids() {
    std::string text;
    EXPECT_TRUE(ReadWholeFile(out_path_, &text).ok());
    std::vector<int64_t> ids;
    for (const auto& j : ParseNdjson(text)) {
      ids.push_back(j["id"].get<int64_t>());
      EXPECT_EQ(j["lc.cursor"], "sql:k:" + std::to_string(ids.back()));
    }
    return ids;
  }
  static std::vector<int64_t> Range(int64_t from, int64_t to) {
    std::vector<int64_t> r;
    for (int64_t i = from; i <= to; ++i) r.push_back(i);
    return r;
  }

  std::string dir_, out_path_;
  int fd_ = -1;
  std::unique_ptr<OutputWriter> out_;
  FakeClock clock_;
  FakeSqlConnection conn_{10};
  std::vector<int64_t> waits_;
  std::vector<std::string> log_;
  bool stop_ = false;
  int64_t cursor_ = 0;
};

TEST_F(SqlPollerTest, OnceReadsPageAfterPageUntilAShortOne) {
  for (int i = 1; i <= 25; ++i) conn_.AddRow(i, "m" + std::to_string(i));
  SqlPollerOptions o = Opts();
  o.once = true;
  o.limit = 10;
  ASSERT_TRUE(Run(o).ok());
  EXPECT_EQ(conn_.queries, (std::vector<int64_t>{0, 10, 20}));
  EXPECT_EQ(Ids(), Range(1, 25));
  EXPECT_EQ(cursor_, 25);
  EXPECT_TRUE(waits_.empty());
}

TEST_F(SqlPollerTest, WithoutLimitARoundEndsAtAnEmptyPage) {
  for (int i = 1; i <= 20; ++i) conn_.AddRow(i, "m");
  SqlPollerOptions o = Opts();
  o.once = true;
  o.start_cursor = 5;
  ASSERT_TRUE(Run(o).ok());
  EXPECT_EQ(conn_.queries, (std::vector<int64_t>{5, 15, 20}));
  EXPECT_EQ(Ids(), Range(6, 20));
}

TEST_F(SqlPollerTest, CheckpointIsSavedAfterEachPageWithMode0600) {
  for (int i = 1; i <= 15; ++i) conn_.AddRow(i, "m");
  SqlPollerOptions o = Opts();
  o.once = true;
  o.checkpoint = dir_ + "/ckpt";
  std::vector<int64_t> saved;
  conn_.before_query = [&](int64_t) {
    CursorMap m;
    if (LoadCommitFile(o.checkpoint, &m).ok() && m.count("sql:k")) saved.push_back(m["sql:k"]);
  };
  ASSERT_TRUE(Run(o).ok());
  EXPECT_EQ(saved, (std::vector<int64_t>{0, 10, 15}));  // at start, then after each page
  struct stat st;
  ASSERT_EQ(stat(o.checkpoint.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  int64_t c = 0;
  std::string from;
  ASSERT_TRUE(ResumeCursor("sql:k", "", o.checkpoint, 0, &c, &from).ok());
  EXPECT_EQ(c, 15);
}

TEST_F(SqlPollerTest, RowsInsertedWhilePollingAppearAfterTheInterval) {
  conn_.AddRow(1, "a");
  conn_.before_query = [this](int64_t) {
    if (conn_.queries.size() == 2) conn_.AddRow(2, "b");  // during the first wait
    if (conn_.queries.size() == 4) conn_.AddRow(3, "c");
  };
  ASSERT_TRUE(Run(Opts(), 6).ok());
  EXPECT_EQ(Ids(), Range(1, 3));
  EXPECT_EQ(conn_.queries, (std::vector<int64_t>{0, 1, 1, 2, 2, 3}));
  EXPECT_EQ(waits_, (std::vector<int64_t>{10 * kSeconds, 10 * kSeconds}));
}

TEST_F(SqlPollerTest, AnOutageIsLoggedOnceAndPollingResumesFromTheLastCursor) {
  for (int i = 1; i <= 3; ++i) conn_.AddRow(i, "m");
  int down_until = 0;
  conn_.before_query = [&](int64_t) {
    if (conn_.queries.size() == 2) {  // the second round: the server goes away
      conn_.down = true;
      down_until = 1;
    }
  };
  // Comes back after five reconnect attempts.
  int attempts = 0;
  SqlPollerOptions o = Opts();
  o.reconnect_min = 100 * kMillis;
  o.reconnect_max = 1 * kSeconds;
  SqlPoller p(&conn_, out_.get(), &clock_, o,
              [&](int64_t n) {
                waits_.push_back(n);
                clock_.Advance(n);
                if (down_until && waits_.size() > 1 && ++attempts == 5) {
                  conn_.AddRow(4, "while down");
                  conn_.down = false;
                }
              },
              [&] { return conn_.queries.size() >= 4; }, [&](const std::string& m) { log_.push_back(m); });
  ASSERT_TRUE(p.Run().ok());
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("server closed the connection"), std::string::npos);
  EXPECT_NE(log_[0].find("reconnecting"), std::string::npos);
  // The interval, then the capped doubling backoff.
  EXPECT_EQ(waits_, (std::vector<int64_t>{10 * kSeconds, 100 * kMillis, 200 * kMillis, 400 * kMillis,
                                          800 * kMillis, 1 * kSeconds}));
  EXPECT_EQ(conn_.queries, (std::vector<int64_t>{0, 3, 3, 3}));  // the failed one, then again from 3
  EXPECT_EQ(Ids(), Range(1, 4));
  EXPECT_EQ(conn_.connects, 2);
}

TEST_F(SqlPollerTest, AFailingQueryLaterIsAnOutageToo) {
  conn_.AddRow(1, "a");
  conn_.before_query = [this](int64_t) {
    if (conn_.queries.size() == 2) conn_.failing_queries = 3;
  };
  ASSERT_TRUE(Run(Opts(), 7).ok());
  EXPECT_EQ(log_.size(), 1u);  // one line for the whole outage
  EXPECT_EQ(Ids(), Range(1, 1));
}

TEST_F(SqlPollerTest, WithOnceALaterFailureEndsTheRunWithWhatWasWrittenCheckpointed) {
  for (int i = 1; i <= 25; ++i) conn_.AddRow(i, "m");
  conn_.before_query = [this](int64_t) {
    if (conn_.queries.size() == 2) conn_.down = true;
  };
  SqlPollerOptions o = Opts();
  o.once = true;
  o.checkpoint = dir_ + "/ckpt";
  Status s = Run(o);
  EXPECT_TRUE(s.IsIOError());
  EXPECT_NE(s.message().find("server closed the connection"), std::string::npos);
  EXPECT_TRUE(waits_.empty());
  EXPECT_EQ(Ids(), Range(1, 20));
  CursorMap m;
  ASSERT_TRUE(LoadCommitFile(o.checkpoint, &m).ok());
  EXPECT_EQ(m["sql:k"], 20);
}

TEST_F(SqlPollerTest, FirstConnectionOrQueryFailingIsAConfigurationError) {
  conn_.down = true;
  Status s = Run(Opts());
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("connection refused"), std::string::npos);
  conn_.down = false;
  conn_.failing_queries = 1;
  s = Run(Opts());
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("does not exist"), std::string::npos);
  EXPECT_TRUE(log_.empty());
}

TEST_F(SqlPollerTest, ACursorGoingBackIsRefusedBeforeThePageIsWritten) {
  SqlResult r;
  r.columns = {{"id", SqlType::kInteger}};
  r.rows = {{SqlValue{false, "5"}}, {SqlValue{false, "6"}}, {SqlValue{false, "6"}}};
  conn_.scripted.push_back(r);
  SqlPollerOptions o = Opts();
  o.once = true;
  Status s = Run(o);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("6 came after 6"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("ORDER BY id"), std::string::npos);
  std::string text;
  ASSERT_TRUE(ReadWholeFile(out_path_, &text).ok());
  EXPECT_EQ(text, "");
  EXPECT_EQ(cursor_, 0);
}

TEST_F(SqlPollerTest, ACursorValueThatIsNotAnIntegerIsRefused) {
  SqlResult r;
  r.columns = {{"id", SqlType::kText}};
  r.rows = {{SqlValue{false, "abc"}}};
  conn_.scripted.push_back(r);
  SqlPollerOptions o = Opts();
  o.once = true;
  Status s = Run(o);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("\"abc\" is not an integer"), std::string::npos) << s.message();
}

TEST_F(SqlPollerTest, AStopEndsTheRunAfterThePageBeingWritten) {
  for (int i = 1; i <= 25; ++i) conn_.AddRow(i, "m");
  ASSERT_TRUE(Run(Opts(), 1).ok());
  EXPECT_EQ(Ids(), Range(1, 10));
  EXPECT_EQ(cursor_, 10);
}

TEST_F(SqlPollerTest, AStopDuringAnOutageEndsTheRunWithoutWaitingForTheServer) {
  conn_.AddRow(1, "a");
  conn_.before_query = [this](int64_t) {
    if (conn_.queries.size() == 2) conn_.down = true;
  };
  SqlPoller p(&conn_, out_.get(), &clock_, Opts(),
              [&](int64_t n) {
                waits_.push_back(n);
                clock_.Advance(n);
                if (waits_.size() == 4) stop_ = true;  // SIGTERM in the third backoff
              },
              [&] { return stop_; }, [&](const std::string& m) { log_.push_back(m); });
  ASSERT_TRUE(p.Run().ok());
  EXPECT_EQ(waits_.size(), 4u);
  EXPECT_EQ(log_.size(), 1u);
  EXPECT_EQ(Ids(), Range(1, 1));
}

TEST_F(SqlPollerTest, ACheckpointThatCannotBeWrittenIsFoundBeforeConnecting) {
  SqlPollerOptions o = Opts();
  o.once = true;
  o.checkpoint = dir_ + "/no/such/dir/ckpt";
  Status s = Run(o);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("--checkpoint"), std::string::npos);
  EXPECT_EQ(conn_.connects, 0);
}

TEST_F(SqlPollerTest, ResumeTakesTheCommitFileFirstThenTheCheckpoint) {
  std::string commit = dir_ + "/commit", ckpt = dir_ + "/ckpt";
  ASSERT_TRUE(SaveCommitFile(commit, {{"sql:k", 40}, {"other", 99}}).ok());
  ASSERT_TRUE(SaveCommitFile(ckpt, {{"sql:k", 70}}).ok());
  int64_t c = 0;
  std::string from;
  ASSERT_TRUE(ResumeCursor("sql:k", commit, ckpt, 5, &c, &from).ok());
  EXPECT_EQ(c, 40);
  EXPECT_NE(from.find("commit"), std::string::npos);
  // Nothing of this source committed yet: from the start, not the checkpoint.
  ASSERT_TRUE(ResumeCursor("sql:other", commit, ckpt, 5, &c, &from).ok());
  EXPECT_EQ(c, 5);
  ASSERT_TRUE(ResumeCursor("sql:k", "", ckpt, 5, &c, &from).ok());
  EXPECT_EQ(c, 70);
  ASSERT_TRUE(ResumeCursor("sql:k", "", dir_ + "/missing", 5, &c, &from).ok());
  EXPECT_EQ(c, 5);
  ASSERT_TRUE(WriteFileAtomically(ckpt, "{\"version\":2}").ok());
  EXPECT_TRUE(ResumeCursor("sql:k", "", ckpt, 5, &c, &from).IsInvalidArgument());
  EXPECT_TRUE(ResumeCursor("sql:k", commit, ckpt, 5, &c, &from).IsInvalidArgument());
}

}  // namespace
}  // namespace lc
