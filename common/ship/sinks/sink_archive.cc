#include "common/ship/sinks/sink_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include <fmt/format.h>

#include "common/json/json_fields.h"
#include "common/ship/batch.h"
#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/tail/file_identity.h"
#include "common/base/atomic_file.h"
#include "common/ship/sinks/sink_stdout.h"

namespace lc {
namespace {

std::atomic<uint64_t> g_tmp_seq{0};

uint64_t Hash(std::string_view s) { return HashBytes(s.data(), s.size()); }

// When the record was made: its "time", else now.
int64_t TimeOf(std::string_view record, Clock* clock) {
  std::string_view t;
  ForEachJsonMember(record, [&](const JsonMember& m) {
    if (m.type == JsonMember::kString && !m.key_escaped && m.key == "time") t = m.value;
    return t.empty();
  });
  int64_t ns;
  if (!t.empty() && ParseRfc3339(t.data(), t.size(), &ns)) return ns;
  return clock->NowNanos();
}

// The hash of a record's cursor ("<key>:<offset>", escapes in the key
// decoded), false when it has none.
bool CursorHash(std::string_view record, uint64_t* h) {
  std::string scratch;
  std::string_view key;
  int64_t offset;
  if (!FindCursor(record, &scratch, &key, &offset)) return false;
  *h = Hash(std::string(key) + ":" + std::to_string(offset));
  return true;
}

const char* Extension(const std::string& compress) {
  return compress == "zstd" ? ".tar.zst" : compress == "gzip" ? ".tar.gz" : ".tar";
}

}  // namespace

std::string ArchiveSink::NameFor(const std::vector<std::string_view>& records) const {
  uint64_t a, b;
  if (!CursorHash(records.front(), &a) || !CursorHash(records.back(), &b)) {
    a = Hash(records.front());
    b = 0xcbf29ce484222325ULL;
    for (auto r : records) b = b * 0x100000001b3ULL ^ Hash(r);
  }
  std::string stamp = FormatRfc3339Nanos(TimeOf(records.front(), clock_));  // YYYY-MM-DDThh:...
  return fmt::format("{}/{}/{}/{}/{:016x}-{:016x}{}", stamp.substr(0, 4), stamp.substr(5, 2),
                     stamp.substr(8, 2), stamp.substr(11, 2), a, b, Extension(opt_.compress));
}

SendResult ArchiveSink::Send(const Batch& batch) {
  if (batch.empty()) return SendResult::AllDelivered();
  std::vector<std::string_view> records = batch.Views();
  if (records.empty()) return SendResult::AllDelivered();
  std::string path = opt_.dir + "/" + NameFor(records);
  std::string sub = path.substr(0, path.rfind('/'));
  Status st = fs_->MakeDirectories(sub, 0755);
  if (!st.ok()) return SendResult::Failed(st);
  std::string tmp = fmt::format("{}/.{}.{}.tmp", sub, getpid(), g_tmp_seq++);
  {
    std::unique_ptr<WritableFile> f;
    st = fs_->OpenForWrite(tmp, WriteMode::kTruncate, 0644, &f);
    if (!st.ok()) return SendResult::Failed(st);
    st = WriteTar(f.get(), tmp, batch.data, TimeOf(records.front(), clock_));
    if (st.ok()) st = f->Sync();
  }
  if (st.ok()) st = fs_->Rename(tmp, path);
  if (!st.ok()) {
    fs_->Remove(tmp);
    return SendResult::Failed(st);
  }
  st = fs_->SyncDir(sub);
  return st.ok() ? SendResult::AllDelivered() : SendResult::Failed(st);
}

namespace {

// libarchive's output, through the file-system seam.
struct TarOutput {
  WritableFile* file;
  Status status;
};

la_ssize_t WriteTarBytes(struct archive* a, void* ctx, const void* p, size_t n) {
  auto* out = static_cast<TarOutput*>(ctx);
  out->status = out->file->Append(static_cast<const char*>(p), n);
  if (out->status.ok()) return static_cast<la_ssize_t>(n);
  archive_set_error(a, EIO, "%s", out->status.message().c_str());
  return -1;
}

}  // namespace

Status ArchiveSink::WriteTar(WritableFile* file, const std::string& path, std::string_view body,
                             int64_t mtime_nanos) {
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (opt_.compress != "none") {
    if (opt_.compress == "zstd") {
      archive_write_add_filter_zstd(a);
    } else {
      archive_write_add_filter_gzip(a);
    }
    std::string level = std::to_string(opt_.level);
    archive_write_set_filter_option(a, opt_.compress.c_str(), "compression-level", level.c_str());
  }
  archive_write_set_bytes_in_last_block(a, 1);  // no padding to 10 KiB
  Status st;
  auto fail = [&] {
    if (st.ok()) st = Status::IOError(path + ": " + (archive_error_string(a) ? archive_error_string(a) : "archive error"));
  };
  TarOutput out{file, Status::OK()};
  if (archive_write_open(a, &out, nullptr, WriteTarBytes, nullptr) != ARCHIVE_OK) {
    fail();
  } else {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, "records.ndjson");
    archive_entry_set_size(e, static_cast<la_int64_t>(body.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, mtime_nanos / kSeconds, mtime_nanos % kSeconds);
    if (archive_write_header(a, e) != ARCHIVE_OK ||
        archive_write_data(a, body.data(), body.size()) != static_cast<la_ssize_t>(body.size())) {
      fail();
    }
    archive_entry_free(e);
    if (archive_write_close(a) != ARCHIVE_OK) fail();
  }
  archive_write_free(a);
  return out.status.ok() ? st : out.status;  // the file system's own error names the path and errno
}

}  // namespace lc
