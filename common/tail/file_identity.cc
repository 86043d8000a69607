#include "common/tail/file_identity.h"

#include <algorithm>

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

Status ReadSignature(File* file, int64_t size, uint32_t max_len, FileSignature* sig) {
  char buf[kSignatureBytes];
  size_t want = static_cast<size_t>(std::min<int64_t>(std::min(max_len, kSignatureBytes), size));
  size_t have = 0;
  while (have < want) {
    size_t got = 0;
    Status s = file->ReadAt(static_cast<int64_t>(have), buf + have, want - have, &got);
    if (!s.ok()) return s;
    if (got == 0) break;
    have += got;
  }
  sig->len = static_cast<uint32_t>(have);
  sig->hash = HashBytes(buf, have);
  return Status::OK();
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
