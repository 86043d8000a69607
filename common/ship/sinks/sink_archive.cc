#include "common/ship/sinks/sink_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include <fmt/format.h>

#include "common/ship/batch.h"
#include "common/ship/sinks/batch_object_name.h"
#include "common/base/duration.h"
#include "common/base/atomic_file.h"
#include "common/ship/sinks/sink_stdout.h"

namespace lc {
namespace {

std::atomic<uint64_t> g_tmp_seq{0};

const char* Extension(const std::string& compress) {
  return compress == "zstd" ? "tar.zst" : compress == "gzip" ? "tar.gz" : "tar";
}

}  // namespace

std::string ArchiveSink::NameFor(const Batch& batch) const {
  return BatchObjectName(batch, 0, batch.size(), clock_->NowNanos(), Extension(opt_.compress));
}

SendResult ArchiveSink::Send(const Batch& batch) {
  if (batch.empty()) return SendResult::AllDelivered();
  std::string path = opt_.dir + "/" + NameFor(batch);
  std::string sub = path.substr(0, path.rfind('/'));
  Status st = fs_->MakeDirectories(sub, 0755);
  if (!st.ok()) return SendResult::Failed(st);
  std::string tmp = fmt::format("{}/.{}.{}.tmp", sub, getpid(), g_tmp_seq++);
  {
    std::unique_ptr<WritableFile> f;
    st = fs_->OpenForWrite(tmp, WriteMode::kTruncate, 0644, &f);
    if (!st.ok()) return SendResult::Failed(st);
    st = WriteTar(f.get(), tmp, batch.data, RecordTime(batch.at(0), clock_->NowNanos()));
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
