#include "common/ship/spool.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "common/base/atomic_file.h"

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

Status Spool::Open(const std::string& dir, int64_t max_bytes, std::unique_ptr<Spool>* out) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::InvalidArgument(dir + ": " + strerror(errno));
  }
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return Status::InvalidArgument(dir + ": " + strerror(errno));
  std::unique_ptr<Spool> s(new Spool(dir, max_bytes));
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() == 24 && name.compare(20, 4, ".seg") == 0 &&
        name.find_first_not_of("0123456789") == 20) {
      uint64_t id = std::strtoull(name.c_str(), nullptr, 10);
      struct stat st;
      if (stat(s->PathOf(id).c_str(), &st) != 0) continue;
      s->ids_.insert(id);
      s->size_of_[id] = st.st_size;
      s->bytes_ += st.st_size;
      if (id >= s->next_id_) s->next_id_ = id + 1;
    } else if (name.size() > 8 && name.compare(name.size() - 8, 8, ".seg.tmp") == 0) {
      unlinkat(dirfd(d), name.c_str(), 0);  // a write cut short by a crash: never renamed, never counted
    }
  }
  closedir(d);
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
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    st = Status::FromErrno(tmp, errno);
  } else {
    st = WriteFully(fd, buf.data(), buf.size(), tmp);
    if (st.ok() && fsync(fd) != 0) st = Status::FromErrno(tmp, errno);
    close(fd);
    if (st.ok() && rename(tmp.c_str(), path.c_str()) != 0) st = Status::FromErrno(path, errno);
    if (st.ok()) st = SyncDir(dir_);
    if (!st.ok()) {
      unlink(tmp.c_str());
      unlink(path.c_str());
    }
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
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno(path, errno);
  struct stat st;
  if (fstat(fd, &st) == 0) buf.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < buf.size()) {
    ssize_t n = read(fd, &buf[got], buf.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
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
  rename(path.c_str(), aside.c_str());
  std::lock_guard<std::mutex> l(mu_);
  ids_.erase(id);
  taken_.erase(id);
  bytes_ -= size_of_[id];
  size_of_.erase(id);
  return Status::Corruption(path + ": " + why + " (moved to " + aside + ")");
}

Status Spool::Remove(uint64_t id) {
  std::string path = PathOf(id);
  Status st;
  if (unlink(path.c_str()) != 0 && errno != ENOENT) st = Status::FromErrno(path, errno);
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
