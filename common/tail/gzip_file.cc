#include "common/tail/gzip_file.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace lc {
namespace {

// Inflates `raw` into *out until it ends or *out holds `limit` bytes.
// *complete says whether the data ended with a whole member.  Bytes after a
// whole member that are not another member (padding) end it, as gzip(1)
// ignores trailing garbage.
Status Inflate(File* raw, size_t limit, std::string* out, bool* complete) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 15 + 16) != Z_OK) return Status::IOError("inflateInit2 failed");
  std::vector<char> in(64 * 1024), chunk(64 * 1024);
  int64_t offset = 0;
  bool ended = false, any_member = false;
  *complete = false;
  Status st;
  while (out->size() < limit) {
    if (z.avail_in == 0) {
      size_t got = 0;
      st = raw->ReadAt(offset, in.data(), in.size(), &got);
      if (!st.ok()) break;
      if (got == 0) {
        *complete = ended;
        break;
      }
      offset += static_cast<int64_t>(got);
      z.next_in = reinterpret_cast<Bytef*>(in.data());
      z.avail_in = static_cast<uInt>(got);
    }
    if (ended) {  // another member follows (gzip -c a b >ab.gz)
      if (inflateReset(&z) != Z_OK) break;
      ended = false;
    }
    size_t room = std::min(chunk.size(), limit - out->size());
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(room);
    int rc = inflate(&z, Z_NO_FLUSH);
    out->append(chunk.data(), room - z.avail_out);
    if (rc == Z_STREAM_END) {
      ended = any_member = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      if (any_member && rc == Z_DATA_ERROR && z.total_out == 0) {
        *complete = true;  // trailing garbage after a whole member
        break;
      }
      std::string why = z.msg != nullptr ? z.msg : "inflate failed";
      inflateEnd(&z);
      return Status::Corruption("not gzip data (" + why + ")");
    }
  }
  inflateEnd(&z);
  return st;
}

class MemoryFile : public File {
 public:
  MemoryFile(std::unique_ptr<File> raw, std::string data) : raw_(std::move(raw)), data_(std::move(data)) {}
  Status Stat(FileInfo* info) override {
    Status s = raw_->Stat(info);
    info->size = static_cast<int64_t>(data_.size());
    return s;
  }
  Status ReadAt(int64_t offset, char* buf, size_t n, size_t* got) override {
    *got = 0;
    if (offset < 0 || static_cast<size_t>(offset) >= data_.size()) return Status::OK();
    *got = std::min(n, data_.size() - static_cast<size_t>(offset));
    memcpy(buf, data_.data() + offset, *got);
    return Status::OK();
  }

 private:
  std::unique_ptr<File> raw_;  // kept open: it may be unlinked meanwhile
  std::string data_;
};

}  // namespace

bool IsGzipName(const std::string& name) {
  return name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0;
}

Status ReadGzipPrefix(File* raw, size_t n, std::string* out) {
  out->clear();
  bool complete;
  return Inflate(raw, n, out, &complete);
}

Status OpenGzipFile(std::unique_ptr<File> raw, int64_t max_bytes, std::unique_ptr<File>* out) {
  std::string data;
  bool complete;
  size_t limit = static_cast<size_t>(max_bytes) + 1;
  Status s = Inflate(raw.get(), limit, &data, &complete);
  if (!s.ok()) return s;
  if (data.size() >= limit) {
    return Status::InvalidArgument("decompresses to more than " + std::to_string(max_bytes) + " bytes");
  }
  if (!complete) return Status::Corruption("gzip data cut short");
  out->reset(new MemoryFile(std::move(raw), std::move(data)));
  return Status::OK();
}

}  // namespace lc
