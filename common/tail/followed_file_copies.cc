// FollowedFile's copies: what logrotate's copytruncate took out of a
// followed file, found beside its path (rotated_generations.h) and read
// (followed_file.h has the contracts).
//
// A copy holds what the inode held when it was copied.  Between two looks
// at a file under a fast rotation (every 100 ms, or a tailer held back by
// its reader) the inode may be copied and truncated more than once: the
// copy of the content we keyed holds its unread tail, and the copies made
// after it hold contents we never saw, each whole.  They lie between the
// copy of what we knew and our current content (the inode itself renamed,
// or a copy of it under way), newest last, and are read in that order.
#include <algorithm>
#include <cstring>

#include "common/tail/followed_file.h"
#include "common/tail/gzip_file.h"
#include "common/tail/rotated_generations.h"

namespace lc {

namespace {

// The first `n` bytes of `f` (a .gz: decompressed), fewer if it is shorter.
bool HeadOf(File* f, bool compressed, int64_t size, size_t n, std::string* head) {
  if (compressed) return ReadGzipPrefix(f, n, head).ok();
  head->resize(static_cast<size_t>(std::min<int64_t>(size, static_cast<int64_t>(n))));
  size_t got = 0;
  if (!f->ReadAt(0, head->data(), head->size(), &got).ok()) return false;
  head->resize(got);
  return true;
}

bool HashedAs(const std::string& head, const FileSignature& sig) {
  return sig.len > 0 && head.size() >= sig.len && HashBytes(head.data(), sig.len) == sig.hash;
}

// A .gz generation's File made its content (decompressed whole, up to
// kMaxRotatedGzipBytes), and that content's size in *info.
bool Inflate(std::unique_ptr<File>* f, FileInfo* info) {
  return OpenGzipFile(std::move(*f), kMaxRotatedGzipBytes, f).ok() && (*f)->Stat(info).ok();
}

}  // namespace

void FollowedFile::FindCopies(const FileIdentity& known, bool ours, const std::string& now, Copies* out) {
  std::vector<Generation> gens;
  if (known.sig.len == 0 || !FindGenerations(ctx_->fs, view_.path, &gens).ok()) return;
  // A generation that begins with our first bytes now (or with as much of
  // them as it holds) is this content, renamed or being copied.  The later
  // copies are decompressed only once they are known to be read.
  struct Later {
    std::unique_ptr<File> file;
    bool gz;
  };
  std::vector<Later> newer;  // newest first
  int looked = 0;
  std::string twin;  // the last generation opened, as named once compressed
  for (auto g = gens.rbegin(); g != gens.rend() && looked < kMaxGenerationsLooked; ++g, ++looked) {
    if (id_.SameInode(g->info) && !g->compressed) {
      newer.clear();  // ours, renamed: what is newer is another file's
      continue;
    }
    // "x.1.gz" right after "x.1": gzip at work on it, the same content.
    if (g->compressed && g->path == twin) continue;
    std::unique_ptr<File> f;
    if (!OpenGeneration(ctx_->fs, source_->root, beneath_, &*g, &f).ok()) continue;
    twin = g->compressed ? g->path : g->path + ".gz";
    std::string head;
    // An empty generation (a copy of an empty file) holds nothing to read
    // and tells nothing: it begins like any content.
    if (!HeadOf(f.get(), g->compressed, g->info.size, kSignatureBytes, &head) || head.empty()) continue;
    bool gz = g->compressed;
    if (HashedAs(head, known.sig) || (!ours && known.SameInode(g->info))) {
      FileInfo info = g->info;
      if (gz && !Inflate(&f, &info)) continue;
      gz = false;
      // The copy of what we knew: its tail is ours to read if it holds all
      // we read of it (else it is an earlier content that began the same).
      if (!ours || EndsWithLastBytes(f.get())) {
        if (ours && info.size < next_offset()) continue;
        if (ours) out->known = std::move(f);
        for (auto l = newer.rbegin(); l != newer.rend(); ++l) {
          FileInfo unused;
          if (!l->gz || Inflate(&l->file, &unused)) out->later.push_back(std::move(l->file));
        }
        return;
      }
    }
    if (head.size() <= now.size() && now.compare(0, head.size(), head) == 0) {
      newer.clear();  // our current content
      continue;
    }
    newer.push_back({std::move(f), gz});
  }
}

bool FollowedFile::EndsWithLastBytes(File* copy) {
  // A signature of a file keyed young may be a few bytes that every
  // generation begins with; the bytes read last tell the copy apart.
  if (last_bytes_.empty()) return true;
  std::string there(last_bytes_.size(), '\0');
  size_t got = 0;
  int64_t at = next_offset() - static_cast<int64_t>(last_bytes_.size());
  return at >= 0 && copy->ReadAt(at, there.data(), there.size(), &got).ok() && got == there.size() &&
         there == last_bytes_;
}

void FollowedFile::ReadFrom(File* copy, int64_t from) {
  FileInfo info;
  if (!copy->Stat(&info).ok()) return;
  // Not ctx_->buf: a first read's bytes may wait there (AssignKey).
  std::vector<char> buf(std::min<size_t>(ctx_->buf.size(), 1 << 16));
  int64_t now = ctx_->clock->NowNanos();
  while (from < info.size) {
    size_t got = 0;
    size_t want = static_cast<size_t>(std::min<int64_t>(info.size - from, static_cast<int64_t>(buf.size())));
    if (!copy->ReadAt(from, buf.data(), want, &got).ok() || got == 0) break;
    Feed(buf.data(), got, now);
    ctx_->bytes_read += static_cast<int64_t>(got);
    from += static_cast<int64_t>(got);
  }
}

void FollowedFile::LetGo() {
  Finish();
  if (keyed_ && ctx_->retire) {
    CheckpointEntry e;
    RetiredEntry(ctx_->clock->NowNanos() / kSeconds, &e);
    ctx_->retire(e);
  }
  generation_++;
  keyed_ = false;
  in_checkpoint_ = false;
  start_ = 0;
  ResetAt(0);
  last_bytes_.clear();
}

void FollowedFile::ReadWhole(File* copy) {
  FileInfo info;
  if (!copy->Stat(&info).ok() || !ReadSignature(copy, info.size, kSignatureBytes, &id_.sig).ok()) return;
  view_.key = KeyOf(id_);
  keyed_ = true;
  ctx_->save_before_new_key();
  ReadFrom(copy, 0);
  LetGo();
}

void FollowedFile::Truncated() {
  // One read of the first bytes tells which copies are older and keys the
  // new content: read twice, a truncation between the reads would make a
  // content neither a copy to read nor the one keyed.
  std::string now;
  ReadHead(&now);
  Copies copies;
  FindCopies(id_, /*ours=*/true, now, &copies);
  if (copies.known) ReadFrom(copies.known.get(), next_offset());
  LetGo();
  for (auto& c : copies.later) ReadWhole(c.get());
  KeyBy(now);
}

void FollowedFile::ReadCopiesBeforeFirstKey(const std::string& now) {
  if (after_.sig.len == 0) return;
  FileIdentity after = after_;
  after_ = FileIdentity();
  Copies copies;
  FindCopies(after, /*ours=*/false, now, &copies);
  for (auto& c : copies.later) ReadWhole(c.get());
}

std::unique_ptr<File> FollowedFile::FindRenamed() {
  std::vector<Generation> gens;
  if (id_.sig.len == 0 || !FindGenerations(ctx_->fs, view_.path, &gens).ok()) return nullptr;
  // Newest first: where our file was just renamed.
  for (auto g = gens.rbegin(); g != gens.rend(); ++g) {
    if (!id_.SameInode(g->info) && !g->compressed) continue;
    std::unique_ptr<File> f;
    if (!OpenGeneration(ctx_->fs, source_->root, beneath_, &*g, &f).ok()) continue;
    // Renamed, or compressed since (logrotate's compress without
    // delaycompress): its first bytes, decompressed, are ours.
    std::string head;
    if (!HeadOf(f.get(), g->compressed, g->info.size, id_.sig.len, &head) || !HashedAs(head, id_.sig)) continue;
    FileInfo info = g->info;
    if (g->compressed && !Inflate(&f, &info)) continue;
    if (info.size < next_offset()) continue;  // not all we read: another file's
    return f;
  }
  return nullptr;
}

}  // namespace lc
