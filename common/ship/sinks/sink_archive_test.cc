#include "testing/fake_clock.h"
#include "common/ship/sinks/sink_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstdlib>

#include <gtest/gtest.h>

namespace lc {
namespace {

// The one member of an archive, read back with libarchive.
bool ReadBack(const std::string& path, std::string* name, std::string* body) {
  struct archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_tar(a);
  bool ok = archive_read_open_filename(a, path.c_str(), 1 << 16) == ARCHIVE_OK;
  struct archive_entry* e;
  if (ok && archive_read_next_header(a, &e) == ARCHIVE_OK) {
    *name = archive_entry_pathname(e);
    char buf[4096];
    la_ssize_t n;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0) body->append(buf, static_cast<size_t>(n));
  } else {
    ok = false;
  }
  archive_read_free(a);
  return ok;
}

const std::vector<std::string_view> kBatch = {
    R"({"time":"2026-11-25T05:40:45.1Z","body":"a","lc.cursor":"/l/a.log:10"})",
    R"({"time":"2026-11-25T07:00:00Z","body":"b","lc.cursor":"/l/a.log:20"})"};

}  // namespace

TEST(ArchiveSink, WritesOneTarPerBatchUnderTheFirstRecordsHour) {
  char d[] = "/tmp/lc-archive-XXXXXX";
  std::string dir = mkdtemp(d);
  FakeClock clock;
  for (std::string compress : {"zstd", "gzip", "none"}) {
    ArchiveSinkOptions o;
    o.dir = dir;
    o.compress = compress;
    ArchiveSink s(o, &clock);
    std::string name = s.NameFor(BatchOf(kBatch));
    EXPECT_EQ(0u, name.find("2026/11/25/05/"));
    std::string ext = compress == "zstd" ? ".tar.zst" : compress == "gzip" ? ".tar.gz" : ".tar";
    EXPECT_EQ(ext, name.substr(name.rfind(".tar")));
    ASSERT_TRUE(s.Send(BatchOf(kBatch)).status.ok());
    std::string member, body;
    ASSERT_TRUE(ReadBack(dir + "/" + name, &member, &body));
    EXPECT_EQ("records.ndjson", member);
    EXPECT_EQ(std::string(kBatch[0]) + "\n" + std::string(kBatch[1]) + "\n", body);
  }
  system(("rm -rf " + dir).c_str());
}

TEST(ArchiveSink, NamesAreDeterministicAndDistinct) {
  FakeClock clock;
  ArchiveSink s(ArchiveSinkOptions{"/x"}, &clock);
  EXPECT_EQ(s.NameFor(BatchOf(kBatch)), s.NameFor(BatchOf(kBatch)));  // a resent batch overwrites itself
  std::vector<std::string_view> other = {kBatch[0]};
  EXPECT_NE(s.NameFor(BatchOf(kBatch)), s.NameFor(BatchOf(other)));
  // Without cursors the whole content names the batch: same ends, different middle.
  std::vector<std::string_view> x = {"a", "b", "z"}, y = {"a", "c", "z"};
  EXPECT_NE(s.NameFor(BatchOf(x)), s.NameFor(BatchOf(y)));
  EXPECT_EQ(s.NameFor(BatchOf(x)), s.NameFor(BatchOf(x)));
  // A cursor with an escaped quote in its key names the batch by that cursor
  // (the field scan of old stopped at the escaped quote).
  std::vector<std::string_view> e1 = {R"({"body":"a","lc.cursor":"/l/\"q\".log:10"})"};
  std::vector<std::string_view> e2 = {R"({"body":"b","lc.cursor":"/l/\"q\".log:10"})"};
  std::vector<std::string_view> e3 = {R"({"body":"a","lc.cursor":"/l/\"q\".log:20"})"};
  EXPECT_EQ(s.NameFor(BatchOf(e1)), s.NameFor(BatchOf(e2)));
  EXPECT_NE(s.NameFor(BatchOf(e1)), s.NameFor(BatchOf(e3)));
}

TEST(ArchiveSink, AnUnwritableDirectoryFailsAndLeavesNoTempFile) {
  FakeClock clock;
  ArchiveSink s(ArchiveSinkOptions{"/proc/version"}, &clock);
  EXPECT_FALSE(s.Send(BatchOf(kBatch)).status.ok());
}

}  // namespace lc

#include <cerrno>

#include "testing/fake_file_system.h"

namespace lc {

TEST(ArchiveSink, AFullDiskOrAFailedFsyncFailsTheBatchAndLeavesNoFile) {
  for (bool at_sync : {false, true}) {
    FakeFileSystem fs;
    FakeClock clock;
    ArchiveSinkOptions o;
    o.dir = "/srv/arch";
    ArchiveSink s(o, &clock, &fs);
    if (at_sync) {
      fs.FailSyncs(EIO, "/srv/arch/2026/11/25/05/.");
    } else {
      fs.FailWrites(ENOSPC);
    }
    SendResult r = s.Send(BatchOf(kBatch));
    EXPECT_FALSE(r.status.ok());
    EXPECT_NE(std::string::npos, r.status.message().find(at_sync ? "Input/output error" : "No space left"))
        << r.status.message();
    EXPECT_TRUE(fs.PathsUnder("/srv/arch/").empty()) << at_sync;
    fs.FailWrites(0);
    fs.FailSyncs(0);
    ASSERT_TRUE(s.Send(BatchOf(kBatch)).status.ok());  // the batch again, whole
    std::string path = "/srv/arch/" + s.NameFor(BatchOf(kBatch));
    EXPECT_EQ(std::vector<std::string>{path}, fs.PathsUnder("/srv/arch/"));
    EXPECT_EQ("\x28\xb5\x2f\xfd", fs.Content(path).substr(0, 4));  // a zstd frame
  }
}

}  // namespace lc
