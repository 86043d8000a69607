#include "common/tail/file_identity.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace lc {

uint64_t HashBytes(const char* p, size_t n) {
  // FNV-1a's prime, but not its offset basis (14695981039346656037): this
  // one lost the last digit.  Any basis hashes as well; it stays because
  // checkpoints and commit files hold hashes (in keys) made with it, and
  // another basis would make every saved file look new after an upgrade.
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= static_cast<unsigned char>(p[i]);
    h *= 1099511628211ULL;
  }
  return h;
}

Status ReadSignatureBytes(File* file, int64_t size, uint32_t max_len, char* buf, size_t* have) {
  size_t want = static_cast<size_t>(std::min<int64_t>(std::min(max_len, kSignatureBytes), size));
  *have = 0;
  while (*have < want) {
    size_t got = 0;
    Status s = file->ReadAt(static_cast<int64_t>(*have), buf + *have, want - *have, &got);
    if (!s.ok()) return s;
    if (got == 0) break;
    *have += got;
  }
  return Status::OK();
}

Status ReadSignature(File* file, int64_t size, uint32_t max_len, FileSignature* sig) {
  char buf[kSignatureBytes];
  size_t have = 0;
  Status s = ReadSignatureBytes(file, size, max_len, buf, &have);
  if (!s.ok()) return s;
  sig->len = static_cast<uint32_t>(have);
  sig->hash = HashBytes(buf, have);
  return Status::OK();
}

uint64_t QuickHash(const char* p, size_t n) {
  // Two independent lanes, so that their multiplies overlap.
  const uint64_t k = 0x9E3779B97F4A7C15ULL;
  uint64_t a = n, b = ~uint64_t{n};
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    uint64_t x, y;
    memcpy(&x, p + i, 8);
    memcpy(&y, p + i + 8, 8);
    a = (a ^ x) * k;
    a ^= a >> 29;
    b = (b ^ y) * k;
    b ^= b >> 31;
  }
  for (; i < n; i++) a = (a ^ static_cast<unsigned char>(p[i])) * k;
  uint64_t h = (a ^ (b * 0xC2B2AE3D27D4EB4FULL)) * k;
  return h ^ (h >> 32);
}

Status CompareIdentity(const FileIdentity& saved, int64_t saved_offset, File* file,
                       const FileInfo& now, Sameness* result) {
  if (!saved.SameInode(now)) {
    *result = Sameness::kDifferent;
    return Status::OK();
  }
  if (now.size < saved.sig.len) {
    // Fewer bytes than the signature covers: the old content is gone, and
    // whatever is there now is read from 0.
    *result = Sameness::kTruncated;
    return Status::OK();
  }
  FileSignature sig;
  Status s = ReadSignature(file, now.size, saved.sig.len, &sig);
  if (!s.ok()) return s;
  if (!(sig == saved.sig)) {
    *result = Sameness::kDifferent;
  } else if (now.size < saved_offset) {
    *result = Sameness::kTruncated;
  } else {
    *result = Sameness::kSame;
  }
  return Status::OK();
}

std::string SourceKey(const FileIdentity& id) {
  return fmt::format("{:x}:{:x}:{:08x}", id.dev, id.ino, static_cast<uint32_t>(id.sig.hash));
}

}  // namespace lc
