#include "common/tail/followed_file.h"

#include <algorithm>

namespace lc {

void FollowedFile::Feed(const char* p, size_t n, int64_t read_time) {
  LineHandler* h = ctx_->handler;
  TailedFile* f = &tf;
  h->BeginChunk(f);
  splitter.Feed(p, n, [&](const char* q, size_t len, int64_t end, bool trunc) {
    h->Line(f, q, len, end, trunc, read_time);
  });
  h->EndChunk(f);
}

FollowedFile::Read FollowedFile::ReadChunk(Status* error) {
  if (!file && !Reopen()) return Read::kError;
  FileInfo info;
  Status s = file->Stat(&info);
  if (!s.ok()) {
    *error = s;
    return Read::kError;
  }
  int64_t next = splitter.next_offset();
  int64_t mono = ctx_->clock->MonoNanos();
  if (info.size < next || (info.size > next && next > 0 && mono - sig_checked_mono >= 200 * kMillis &&
                           !SignatureHolds(info))) {
    // Shrunk, or truncated and refilled past our offset before we looked.
    Truncated();
    next = 0;
  }
  if (info.size == next) {
    if (info.nlink == 0) rotated = true;  // deleted while open: drained
    return Read::kEof;
  }
  std::vector<char>& buf = ctx_->buf;
  size_t want = static_cast<size_t>(std::min<int64_t>(info.size - next, static_cast<int64_t>(buf.size())));
  size_t got = 0;
  s = file->ReadAt(next, buf.data(), want, &got);
  if (!s.ok()) {
    *error = s;
    return Read::kError;
  }
  if (got == 0) return Read::kEof;
  if (!in_checkpoint) ctx_->save_before_new_key();
  Feed(buf.data(), got, ctx_->clock->NowNanos());
  size_seen = info.size;
  last_data_mono = ctx_->clock->MonoNanos();
  hot = true;
  return Read::kBytes;
}

bool FollowedFile::SignatureHolds(const FileInfo& info) {
  sig_checked_mono = ctx_->clock->MonoNanos();
  if (id.sig.len == 0 || info.size < id.sig.len) return info.size >= splitter.next_offset();
  FileSignature sig;
  if (!ReadSignature(file.get(), info.size, id.sig.len, &sig).ok()) return true;
  return sig == id.sig;
}

void FollowedFile::AssignKey(const FileInfo& info) {
  ReadSignature(file.get(), info.size, kSignatureBytes, &id.sig);
  tf.key = SourceKey(id);
  if (generation > 0) tf.key += "+" + std::to_string(generation);
  keyed = true;
}

void FollowedFile::FlushPartial(int64_t wall) {
  LineHandler* h = ctx_->handler;
  splitter.FlushPartial([&](const char* p, size_t n, int64_t end, bool trunc) {
    h->Line(&tf, p, n, end, trunc, wall);
  });
}

void FollowedFile::Finish() {
  FlushPartial(ctx_->clock->NowNanos());
  ctx_->handler->Idle(&tf, ctx_->clock->MonoNanos(), true);
}

void FollowedFile::Truncated() {
  ReadTailOfCopy();
  Finish();
  generation++;
  in_checkpoint = false;
  start = 0;
  splitter.Reset(0);
  FileInfo info;
  if (file && file->Stat(&info).ok()) AssignKey(info);
}

void FollowedFile::ReadTailOfCopy() {
  std::vector<std::string> names;
  const std::string dir = DirName(tf.path), base = BaseName(tf.path);
  if (id.sig.len == 0 || !ctx_->fs->ListDir(dir, &names).ok()) return;
  for (const std::string& name : names) {
    if (name.size() <= base.size() || name.compare(0, base.size(), base) != 0) continue;
    std::string p = JoinPath(dir, name);
    FileInfo info;
    if (!ctx_->fs->Lstat(p, &info).ok() || !info.is_regular || id.SameInode(info)) continue;
    int64_t from = splitter.next_offset();
    if (info.size <= from) continue;
    std::unique_ptr<File> copy;
    FileSignature sig;
    if (!ctx_->fs->Open(p, source->root, beneath, &copy).ok() ||
        !ReadSignature(copy.get(), info.size, id.sig.len, &sig).ok() || !(sig == id.sig)) {
      continue;
    }
    std::vector<char>& buf = ctx_->buf;
    int64_t now = ctx_->clock->NowNanos();
    while (from < info.size) {
      size_t got = 0;
      size_t want = static_cast<size_t>(std::min<int64_t>(info.size - from, static_cast<int64_t>(buf.size())));
      if (!copy->ReadAt(from, buf.data(), want, &got).ok() || got == 0) break;
      Feed(buf.data(), got, now);
      from += static_cast<int64_t>(got);
    }
    return;
  }
}

bool FollowedFile::Reopen() {
  std::unique_ptr<File> f;
  Status s = ctx_->fs->Open(tf.path, source->root, beneath, &f);
  FileInfo info;
  if (s.ok()) s = f->Stat(&info);
  if (!s.ok() || !id.SameInode(info)) {
    // The path now names another file: ours was rotated while closed.  It
    // is out of view; its checkpoint entry lets a restart find it.
    rotated = true;
    return false;
  }
  file = std::move(f);
  return true;
}

}  // namespace lc
