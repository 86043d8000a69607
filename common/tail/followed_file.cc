#include "common/tail/followed_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/tail/gzip_file.h"
#include "common/tail/rotated_generations.h"

namespace lc {

FollowedFile::FollowedFile(FollowContext* ctx, FoundAt at, const FileInfo& info, std::unique_ptr<File> file,
                           const StartPosition& pos)
    : ctx_(ctx),
      splitter_(ctx->max_line_bytes, 0, ctx->pending),
      source_(std::move(at.source)),
      beneath_(std::move(at.beneath)),
      file_(std::move(file)),
      size_seen_(info.size),
      last_data_mono_(ctx->clock->MonoNanos()) {
  view_.path = std::move(at.path);
  view_.source = source_.get();
  view_.resumed = pos.resumed;
  view_.since = pos.since;
  view_.committed = pos.committed;
  id_.dev = info.dev;
  id_.ino = info.ino;
  std::string enc = source_ ? SourceEncoding(source_->parser, ctx->encoding) : ctx->encoding;
  std::unique_ptr<TextDecoder> d;
  // Checked when given (--encoding, a watch's parser.encoding): a name that
  // fails here was refused there.
  if (!enc.empty() && !TextDecoder::IsUtf8(enc) && TextDecoder::Open(enc, &d).ok()) {
    decoder_.reset(new SourceDecoder(std::move(d), ctx->max_line_bytes, ctx->pending));
  }
}

void FollowedFile::ResetAt(int64_t offset) {
  if (decoder_ == nullptr) {
    splitter_.Reset(offset);
    return;
  }
  decoder_->Reset(offset);
  char head[4];
  size_t got = 0;
  if (offset > 0 && decoder_->wants_head() && file_ && file_->ReadAt(0, head, sizeof(head), &got).ok()) {
    decoder_->Head(head, got);
  }
}

std::unique_ptr<FollowedFile> FollowedFile::New(FollowContext* ctx, FoundAt at, const FileInfo& info,
                                                std::unique_ptr<File> file, const StartPosition& pos,
                                                int64_t offset, int generation) {
  std::unique_ptr<FollowedFile> f(new FollowedFile(ctx, std::move(at), info, std::move(file), pos));
  f->generation_ = generation;
  f->ResetAt(offset);
  // Keyed at once, so even a file started at its end is in the next
  // checkpoint and a restart does not skip what arrives meanwhile.
  f->start_ = offset;
  f->AssignKey(info);
  return f;
}

std::unique_ptr<FollowedFile> FollowedFile::Resumed(FollowContext* ctx, FoundAt at, const FileInfo& info,
                                                    std::unique_ptr<File> file, const StartPosition& pos,
                                                    const CheckpointEntry& entry) {
  std::unique_ptr<FollowedFile> f(new FollowedFile(ctx, std::move(at), info, std::move(file), pos));
  f->id_.sig = entry.id.sig;
  f->view_.key = entry.key;
  f->keyed_ = f->in_checkpoint_ = true;
  f->start_ = entry.start;
  f->ResetAt(pos.offset);
  return f;
}

std::unique_ptr<FollowedFile> FollowedFile::Rotated(FollowContext* ctx, FoundAt at, const FileInfo& info,
                                                    std::unique_ptr<File> file, const StartPosition& pos,
                                                    const CheckpointEntry& entry) {
  std::unique_ptr<FollowedFile> f = Resumed(ctx, std::move(at), info, std::move(file), pos, entry);
  f->MarkRotated();
  return f;
}

void FollowedFile::Seen(const std::string& path, const std::shared_ptr<WatchSource>& source, int64_t size) {
  view_.path = path;
  matched_ = true;
  rotated_ = false;
  drained_ = false;
  if (source_ != source) {
    source_ = source;
    view_.source = source.get();
  }
  if (size != size_seen_) hot_ = true;
  size_seen_ = size;
}

void FollowedFile::PollSize() {
  FileInfo info;
  if (file_ == nullptr || !file_->Stat(&info).ok()) return;
  if (info.size != size_seen_) hot_ = true;
  size_seen_ = info.size;
}

void FollowedFile::MarkRotated() {
  rotated_ = true;
  hot_ = true;
  rotated_mono_ = ctx_->clock->MonoNanos();
}

int64_t FollowedFile::RotateWaitEnd(int64_t rotate_wait_ns) const {
  return std::max(last_data_mono_, rotated_mono_) + rotate_wait_ns;
}

bool FollowedFile::QuietFor(int64_t wall, int64_t quiet_ns) {
  FileInfo info;
  return file_ && file_->Stat(&info).ok() && wall - info.mtime_ns >= quiet_ns;
}

bool FollowedFile::Entry(int64_t now_s, CheckpointEntry* e) {
  if (!keyed_) {
    // One without a predecessor is keyed at its next turn (no read here:
    // a thousand empty files cost nothing per checkpoint).
    std::string head;
    if (predecessor_ == nullptr || next_offset() != 0 || !ReadHead(&head)) return false;
    RetiredEntry(now_s, e);
    e->id.sig = FileSignature{static_cast<uint32_t>(head.size()), HashBytes(head.data(), head.size())};
    e->key = KeyOf(e->id);
    e->offset = e->start = 0;
    return true;
  }
  FileSignature now;
  if (id_.sig.len < kSignatureBytes && file_ && size_seen_ > id_.sig.len &&
      ReadSignature(file_.get(), size_seen_, id_.sig.len, &now).ok() && now == id_.sig) {
    // Lengthen a young file's signature: a stronger identity, same key.
    // Only while the file still begins as keyed: truncated and refilled
    // unnoticed, or keyed by a copy (ReadWhole), its bytes are another's.
    ReadSignature(file_.get(), size_seen_, kSignatureBytes, &id_.sig);
  }
  RetiredEntry(now_s, e);
  return true;
}

void FollowedFile::RetiredEntry(int64_t now_s, CheckpointEntry* e) const {
  e->key = view_.key;
  e->path = home_.empty() ? view_.path : home_;
  e->id = id_;
  e->offset = ctx_->handler->SafeOffset(view_, safe_offset());
  e->start = start_;
  e->size = std::max(size_seen_, next_offset());
  e->seen = now_s;
}

namespace {

// The shortest run of NULs taken for a hole: a filesystem hole is whole
// blocks, and a short run of NULs may be a writer's (a line kept as is).
constexpr size_t kMinHole = 512;

// How far back each read starts, to find the last bytes read again: a line
// or two of a typical log, whose timestamps or counters make them unlike
// what a refilled file holds at the same offset.
constexpr size_t kRereadBytes = 256;

}  // namespace

void FollowedFile::FeedDecoded(const char* p, size_t n, int64_t read_time) {
  LineHandler* h = ctx_->handler;
  TailedFile* f = &view_;
  h->BeginChunk(f);
  decoder_->Feed(p, n, [&](const char* q, size_t len, int64_t end, bool trunc) {
    h->Line(f, q, len, end, trunc, read_time);
  });
  h->EndChunk(f);
}

void FollowedFile::Feed(const char* p, size_t n, int64_t read_time) {
  // Another encoding: decoded lines, without the hole skipping below (a
  // UTF-16 line may start with a NUL byte).  One test a chunk on UTF-8.
  if (__builtin_expect(decoder_ != nullptr, 0)) return FeedDecoded(p, n, read_time);
  if (n > 0 && p[0] == '\0' && splitter_.at_line_start()) {
    // A hole (a writer that wrote past the end of a truncated file): its
    // NULs are no line.  Skipped here while whole chunks of it come.
    size_t z = 0;
    while (z < n && p[z] == '\0') z++;
    if (z < kMinHole && z < n && nul_run_ == 0) z = 0;  // a short run before a line: the line's
    splitter_.Skip(z);
    nul_run_ += static_cast<int64_t>(z);
    p += z;
    n -= z;
    if (n == 0) return;
  }
  LineHandler* h = ctx_->handler;
  TailedFile* f = &view_;
  h->BeginChunk(f);
  splitter_.Feed(p, n, [&](const char* q, size_t len, int64_t end, bool trunc) {
    if (__builtin_expect(len > 0 && q[0] == '\0', 0)) {
      // A hole that began after a line in the same chunk: its NULs are cut
      // from the line that follows it (all of a piece that is all NULs).
      size_t z = 0;
      while (z < len && q[z] == '\0') z++;
      if (z >= kMinHole || nul_run_ > 0) {
        nul_run_ += static_cast<int64_t>(z);
        if (z == len) return;
        q += z;
        len -= z;
      }
    }
    if (__builtin_expect(nul_run_ > 0, 0)) {
      nul_skipped_ += nul_run_;
      nul_run_ = 0;
    }
    h->Line(f, q, len, end, trunc, read_time);
  });
  h->EndChunk(f);
}

int64_t FollowedFile::TakeNulsSkipped() {
  int64_t n = nul_skipped_;
  nul_skipped_ = 0;
  return n;
}

FollowedFile::Read FollowedFile::ReadChunk(Status* error) {
  if (!file_ && !Reopen(error)) return Read::kError;
  // One pread per chunk, and a stat only where a read cannot tell: at the
  // end (shrunk below our offset? deleted?), and for the first bytes of an
  // empty file (its key).  Every second one more pread of the first bytes:
  // truncated and refilled past our offset before we looked, only they say
  // so (it was every 200 ms, and with a stat, as costly as the reads
  // themselves; a file shorter than our offset is the data read's to find).
  FileInfo info;
  bool stated = false;
  auto stat = [&] {
    Status s = file_->Stat(&info);
    if (!s.ok()) *error = s;
    stated = s.ok();
    return stated;
  };
  int64_t next = next_offset();
  int64_t mono = ctx_->clock->MonoNanos();
  if (next > 0 && mono - sig_checked_mono_ >= 1 * kSeconds && !SignatureHolds()) {
    Truncated();
    next = 0;
  }
  std::vector<char>& buf = ctx_->buf;
  size_t back = std::min(last_bytes_.size(), buf.size() / 2);  // the rest of the buffer for new bytes
  if (static_cast<int64_t>(back) > next) back = 0;
  size_t got = 0;
  Status s = file_->ReadAt(next - static_cast<int64_t>(back), buf.data(), buf.size(), &got);
  if (s.ok() && (back > 0 ? got < back || memcmp(buf.data(), last_bytes_.data() + last_bytes_.size() - back, back) != 0
                           : next == 0 && got > 0 && !SignatureIn(buf.data(), got, got == buf.size()))) {
    // Other bytes where ours were (or fewer), or first bytes other than
    // those it was keyed by (rewritten between discovery and this read):
    // what we keyed went to logrotate's copy.
    Truncated();
    next = 0;
    back = 0;
    s = file_->ReadAt(next, buf.data(), buf.size(), &got);
  } else if (s.ok() && got == back && next > 0 && !stated) {
    if (!stat()) return Read::kError;
    if (info.size < next) {  // shrunk: copytruncate
      Truncated();
      next = 0;
      back = 0;
      s = file_->ReadAt(next, buf.data(), buf.size(), &got);
    }
  }
  if (!s.ok()) {
    *error = s;
    return Read::kError;
  }
  const char* data = buf.data() + back;
  size_t n = got - back;
  if (n == 0) {
    if (stated && info.nlink == 0) rotated_ = true;  // deleted while open: drained
    return Read::kEof;
  }
  if (!keyed_) {
    // Keyed by the bytes just read, the ones fed under the key: read again,
    // they may be a later content's (truncated and refilled meanwhile).
    if (next == 0) {
      KeyBy(std::string(data, std::min<size_t>(n, kSignatureBytes)));
    } else {
      if (!stated && !stat()) return Read::kError;
      info.size = std::max(info.size, next + static_cast<int64_t>(n));
      AssignKey(info);
    }
  }
  if (!in_checkpoint_) ctx_->save_before_new_key();
  Feed(data, n, ctx_->clock->NowNanos());
  ctx_->bytes_read += static_cast<int64_t>(n);
  if (n >= kRereadBytes) {
    last_bytes_.assign(data + n - kRereadBytes, kRereadBytes);
  } else {
    last_bytes_.append(data, n);
    if (last_bytes_.size() > kRereadBytes) last_bytes_.erase(0, last_bytes_.size() - kRereadBytes);
  }
  size_seen_ = next + static_cast<int64_t>(n);  // at least: the poll marks it hot if longer
  last_data_mono_ = ctx_->clock->MonoNanos();
  // A short read is the end: nothing more until a change is noticed.  A
  // rotated file is read on to a read of 0, which marks it drained.
  hot_ = got == buf.size() || rotated_;
  return Read::kBytes;
}

bool FollowedFile::SignatureHolds() {
  sig_checked_mono_ = ctx_->clock->MonoNanos();
  if (!keyed_ || id_.sig.len == 0) return true;
  char buf[kSignatureBytes];
  size_t have = 0;
  if (!ReadSignatureBytes(file_.get(), id_.sig.len, id_.sig.len, buf, &have).ok()) return true;
  if (have != id_.sig.len) return false;
  uint64_t quick = QuickHash(buf, have);
  // Once these bytes have matched the signature, the quick hash of them
  // stands for it, until the signature itself changes (lengthened, or the
  // file re-keyed).
  if (quick_of_ == id_.sig) return quick == quick_;
  if (HashBytes(buf, have) != id_.sig.hash) return false;
  quick_of_ = id_.sig;
  quick_ = quick;
  return true;
}

bool FollowedFile::SignatureIn(const char* head, size_t n, bool more) const {
  if (!keyed_ || id_.sig.len == 0) return true;
  if (n < id_.sig.len) return more;  // more to read: a buffer shorter than the signature cannot tell
  return HashBytes(head, id_.sig.len) == id_.sig.hash;
}

bool FollowedFile::HeadNow(FileSignature* sig) {
  std::string head;
  if (!ReadHead(&head)) return false;
  sig->len = static_cast<uint32_t>(head.size());
  sig->hash = HashBytes(head.data(), head.size());
  return true;
}

bool FollowedFile::KeyIfGrown() {
  FileInfo info;
  if (!keyed_ && file_ && file_->Stat(&info).ok()) AssignKey(info);
  return keyed_;
}

void FollowedFile::AssignKey(const FileInfo& info) {
  keyed_ = false;
  // An empty file is keyed when its first bytes come: keyed now, every
  // content the inode ever holds (copytruncate keeps it) would share the
  // key of the empty signature, and one's commits would skip another's
  // lines.  Unkeyed, it is not in the checkpoint: a restart reads it from 0.
  if (info.size == 0) return;
  std::string head;
  if (ReadHead(&head)) KeyBy(head);
}

bool FollowedFile::ReadHead(std::string* head) {
  head->resize(kSignatureBytes);
  size_t got = 0;
  if (!file_ || !file_->ReadAt(0, head->data(), head->size(), &got).ok()) got = 0;
  head->resize(got);
  return got > 0;
}

void FollowedFile::KeyBy(const std::string& head) {
  keyed_ = false;
  if (head.empty()) return;
  ReadCopiesBeforeFirstKey(head);
  id_.sig.len = static_cast<uint32_t>(head.size());
  id_.sig.hash = HashBytes(head.data(), head.size());
  view_.key = KeyOf(id_);
  keyed_ = true;
}

std::string FollowedFile::KeyOf(const FileIdentity& id) const {
  std::string key = SourceKey(id);
  if (generation_ > 0) key += "+" + std::to_string(generation_);
  return key;
}

void FollowedFile::FlushPartial(int64_t wall) {
  LineHandler* h = ctx_->handler;
  auto emit = [&](const char* p, size_t n, int64_t end, bool trunc) { h->Line(&view_, p, n, end, trunc, wall); };
  if (decoder_) {
    decoder_->FlushPartial(emit);
  } else {
    splitter_.FlushPartial(emit);
  }
}

void FollowedFile::Finish() {
  FlushPartial(ctx_->clock->NowNanos());
  ctx_->handler->Idle(&view_, ctx_->clock->MonoNanos(), true);
}

bool OutOfDescriptors(const Status& s) {
  // The FileSystem's errors carry strerror(3)'s text (Status::FromErrno).
  static const std::string emfile = std::string(": ") + std::strerror(EMFILE);
  static const std::string enfile = std::string(": ") + std::strerror(ENFILE);
  const std::string& m = s.message();
  auto ends = [&](const std::string& t) {
    return m.size() >= t.size() && m.compare(m.size() - t.size(), t.size(), t) == 0;
  };
  return s.IsIOError() && (ends(emfile) || ends(enfile));
}

bool FollowedFile::Reopen(Status* error) {
  std::unique_ptr<File> f;
  Status s = ctx_->fs->Open(view_.path, source_->root, beneath_, &f);
  if (OutOfDescriptors(s)) {
    // Still ours, only closed: it stays, and is reopened by identity once
    // descriptors are free (never taken for a new file, never read from 0).
    *error = s;
    size_seen_ = -1;  // the next discovery's stat finds it changed: hot again
    return false;
  }
  FileInfo info;
  last_bytes_.clear();
  if (s.ok()) s = f->Stat(&info);
  if (s.ok() && id_.SameInode(info)) {
    file_ = std::move(f);
    return true;
  }
  // The path names another file now: ours was rotated while closed.  Found
  // beside its old path (renamed, or compressed since), it is drained from
  // where we were; otherwise its checkpoint entry lets a restart look.
  rotated_ = true;
  file_ = FindRenamed();
  return file_ != nullptr;
}

}  // namespace lc
