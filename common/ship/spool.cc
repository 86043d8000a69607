#include "common/ship/spool.h"

#include <zlib.h>

#include <cstdlib>
#include <cstring>

#include <fmt/format.h>


namespace lc {
namespace {

constexpr char kMagic[8] = {'L', 'C', 'S', 'P', 'O', 'O', 'L', '1'};
constexpr size_t kHeader = 8 + 4 + 8 + 4;

void Put(std::string* s, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; i++) s->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t Get(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; i++) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

uint32_t Crc(const char* p, size_t n) {
  uLong c = crc32(0L, Z_NULL, 0);
  while (n > 0) {
    uInt chunk = n > (1u << 30) ? (1u << 30) : static_cast<uInt>(n);
    c = crc32(c, reinterpret_cast<const Bytef*>(p), chunk);
    p += chunk;
    n -= chunk;
  }
  return static_cast<uint32_t>(c);
}

}  // namespace

Status Spool::Open(const std::string& dir, int64_t max_bytes, std::unique_ptr<Spool>* out, FileSystem* fs) {
  std::vector<std::string> names;
  FileInfo info;
  Status st = fs->MakeDirectories(dir, 0700);
  if (st.ok()) st = fs->Stat(dir, &info);
  if (st.ok() && !info.is_dir) st = Status::IOError(dir + ": Not a directory");
  if (st.ok()) st = fs->ListDir(dir, &names);
  if (!st.ok()) return Status::InvalidArgument(st.message());
  std::unique_ptr<Spool> s(new Spool(dir, max_bytes, fs));
  for (const std::string& name : names) {
    if (name.size() == 24 && name.compare(20, 4, ".seg") == 0 &&
        name.find_first_not_of("0123456789") == 20) {
      uint64_t id = std::strtoull(name.c_str(), nullptr, 10);
      if (!fs->Stat(s->PathOf(id), &info).ok()) continue;
      s->ids_.insert(id);
      s->size_of_[id] = info.size;
      s->bytes_ += info.size;
      if (id >= s->next_id_) s->next_id_ = id + 1;
    } else if (name.size() > 8 && name.compare(name.size() - 8, 8, ".seg.tmp") == 0) {
      fs->Remove(JoinPath(dir, name));  // a write cut short by a crash: never renamed, never counted
    }
  }
  *out = std::move(s);
  return Status::OK();
}

std::string Spool::PathOf(uint64_t id) const { return fmt::format("{}/{:020d}.seg", dir_, id); }

Status Spool::Write(const std::vector<std::string_view>& records) {
  size_t payload = 0;
  for (auto r : records) payload += r.size() + 1;
  int64_t size = static_cast<int64_t>(kHeader + payload);
  uint64_t id;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (bytes_ + reserved_ + size > max_bytes_) {
      return Status::IOError(fmt::format("{}: spool full ({} of --spool-max {} bytes in use)", dir_,
                                         bytes_ + reserved_, max_bytes_));
    }
    reserved_ += size;
    id = next_id_++;
  }
  std::string buf;
  buf.reserve(static_cast<size_t>(size));
  buf.append(kMagic, sizeof kMagic);
  Put(&buf, records.size(), 4);
  Put(&buf, payload, 8);
  Put(&buf, 0, 4);  // CRC, filled below
  for (auto r : records) {
    buf.append(r.data(), r.size());
    buf.push_back('\n');
  }
  uint32_t crc = Crc(buf.data() + kHeader, payload);
  for (int i = 0; i < 4; i++) buf[20 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);

  std::string path = PathOf(id), tmp = path + ".tmp";
  Status st;
  {
    std::unique_ptr<WritableFile> f;
    st = fs_->OpenForWrite(tmp, WriteMode::kTruncate, 0600, &f);
    if (st.ok()) st = f->Append(buf.data(), buf.size());
    if (st.ok()) st = f->Sync();
  }
  if (st.ok()) st = fs_->Rename(tmp, path);
  if (st.ok()) st = fs_->SyncDir(dir_);
  if (!st.ok()) {  // nothing half-written is left to be replayed
    fs_->Remove(tmp);
    fs_->Remove(path);
  }
  std::lock_guard<std::mutex> l(mu_);
  reserved_ -= size;
  if (st.ok()) {
    ids_.insert(id);
    size_of_[id] = size;
    bytes_ += size;
  }
  return st;
}

bool Spool::Take(uint64_t* id) {
  std::lock_guard<std::mutex> l(mu_);
  for (uint64_t i : ids_) {
    if (taken_.count(i) == 0) {
      taken_.insert(i);
      *id = i;
      return true;
    }
  }
  return false;
}

void Spool::Release(uint64_t id) {
  std::lock_guard<std::mutex> l(mu_);
  taken_.erase(id);
}

Status Spool::Read(uint64_t id, std::string* payload, std::vector<std::string_view>* records) {
  std::string path = PathOf(id), buf;
  records->clear();
  std::unique_ptr<File> f;
  Status rs = fs_->Open(path, "", "", &f);
  if (!rs.ok()) return rs;
  FileInfo info;
  if (f->Stat(&info).ok()) buf.resize(static_cast<size_t>(info.size));
  size_t got = 0;
  while (got < buf.size()) {
    size_t n = 0;
    rs = f->ReadAt(static_cast<int64_t>(got), &buf[got], buf.size() - got, &n);
    if (!rs.ok()) return rs;
    if (n == 0) break;
    got += n;
  }
  buf.resize(got);
  const char* why = nullptr;
  uint64_t count = 0, len = 0;
  if (buf.size() < kHeader || memcmp(buf.data(), kMagic, sizeof kMagic) != 0) {
    why = "not a spool segment";
  } else {
    count = Get(buf.data() + 8, 4);
    len = Get(buf.data() + 12, 8);
    if (len != buf.size() - kHeader) {
      why = "length does not match its header";
    } else if (Crc(buf.data() + kHeader, len) != static_cast<uint32_t>(Get(buf.data() + 20, 4))) {
      why = "checksum mismatch";
    }
  }
  if (why == nullptr) {
    payload->assign(buf, kHeader, std::string::npos);
    const char* p = payload->data();
    const char* end = p + payload->size();
    while (p < end) {
      const char* nl = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
      if (nl == nullptr) nl = end;
      records->emplace_back(p, static_cast<size_t>(nl - p));
      p = nl + 1;
    }
    if (records->size() != count) why = "record count does not match its header";
  }
  if (why == nullptr) return Status::OK();
  records->clear();
  std::string aside = path + ".corrupt";
  fs_->Rename(path, aside);
  std::lock_guard<std::mutex> l(mu_);
  ids_.erase(id);
  taken_.erase(id);
  bytes_ -= size_of_[id];
  size_of_.erase(id);
  return Status::Corruption(path + ": " + why + " (moved to " + aside + ")");
}

Status Spool::Remove(uint64_t id) {
  std::string path = PathOf(id);
  Status st = fs_->Remove(path);
  std::lock_guard<std::mutex> l(mu_);
  ids_.erase(id);
  taken_.erase(id);
  bytes_ -= size_of_[id];
  size_of_.erase(id);
  return st;
}

bool Spool::empty() const {
  std::lock_guard<std::mutex> l(mu_);
  return ids_.empty();
}
int64_t Spool::bytes() const {
  std::lock_guard<std::mutex> l(mu_);
  return bytes_;
}
size_t Spool::segments() const {
  std::lock_guard<std::mutex> l(mu_);
  return ids_.size();
}

}  // namespace lc
