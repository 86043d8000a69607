// FileIdentity: what makes a log file "the same file" across renames,
// restarts and inode reuse.
//
// A file is (device, inode) plus a signature: a hash of its first bytes, up
// to 1024.  The signature length is recorded with it, since a young file has
// fewer bytes than that; as the file grows the signature is lengthened.
//   - same (dev, ino), same signature, size >= offset: the same file;
//   - same (dev, ino), same signature, size < offset: truncated in place
//     (copytruncate), read the new content from 0;
//   - same (dev, ino), different signature, or fewer bytes than the
//     signature covers: a different file (inode reuse) or a truncation that
//     was rewritten; either way, read it from 0.
// The source key that names a file in checkpoints and in every record's
// lc.cursor is derived from the identity when the file is first seen:
// "<dev hex>:<ino hex>:<hash hex>", stable for the life of the file.
#ifndef LC_COMMON_FILE_IDENTITY_H_
#define LC_COMMON_FILE_IDENTITY_H_

#include <cstdint>
#include <string>

#include "common/base/file_system.h"
#include "common/base/status.h"

namespace lc {

constexpr uint32_t kSignatureBytes = 1024;

struct FileSignature {
  uint32_t len = 0;   // bytes hashed (0: empty file, no signature yet)
  uint64_t hash = 0;  // of those bytes
  bool operator==(const FileSignature& o) const { return len == o.len && hash == o.hash; }
};

struct FileIdentity {
  uint64_t dev = 0;
  uint64_t ino = 0;
  FileSignature sig;
  bool SameInode(const FileInfo& info) const { return dev == info.dev && ino == info.ino; }
};

// 64-bit FNV-1a: small and well enough spread for a 1 KiB prefix.
uint64_t HashBytes(const char* p, size_t n);

// Hashes the first min(max_len, size) bytes of `file`.
Status ReadSignature(File* file, int64_t size, uint32_t max_len, FileSignature* sig);
// Those bytes themselves, into buf (kSignatureBytes at least); *have of
// them (fewer if the file is shorter now).
Status ReadSignatureBytes(File* file, int64_t size, uint32_t max_len, char* buf, size_t* have);

// A hash eight bytes a step, for re-checking a prefix already seen to match
// its signature: FNV-1a is a chain of one multiply per byte (about 4 cycles
// a byte), and a followed file's first KiB is checked every second.  Never
// saved: its values may change between versions.
uint64_t QuickHash(const char* p, size_t n);

enum class Sameness { kSame, kTruncated, kDifferent };

// Compares a saved identity and read offset with the file now open.
Status CompareIdentity(const FileIdentity& saved, int64_t saved_offset, File* file,
                       const FileInfo& now, Sameness* result);

// The source key for cursors: "<dev>:<ino>:<hash>" in hex.
std::string SourceKey(const FileIdentity& id);

}  // namespace lc

#endif  // LC_COMMON_FILE_IDENTITY_H_
