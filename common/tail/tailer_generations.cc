// Tailer::Impl's recovery of rotated generations: at start, and when a
// followed path is replaced, the generations beside the path that the
// checkpoint knows of, or that are newer than what it knows, are read oldest
// first (copytruncate copies, renamed and compressed generations), and what
// is gone is said (tailer.h has the contracts; rotated_generations.h finds
// the generations).
#include <algorithm>
#include <set>

#include "common/tail/gzip_file.h"
#include "common/tail/path_glob.h"
#include "common/tail/rotated_generations.h"
#include "common/tail/tailer_impl.h"

namespace lc {

void Tailer::Impl::RecoverRotated() {
  std::set<std::string> paths;
  for (const auto& [key, e] : saved) paths.insert(e.path);
  for (const std::string& p : paths) RecoverGenerations(p, /*replaced=*/false);
}

void Tailer::Impl::RememberUnreadGeneration(const std::string& path, const Generation& g, const std::string& head) {
  CheckpointEntry e;
  e.path = path;
  e.id.dev = g.info.dev;
  e.id.ino = g.info.ino;
  e.id.sig = FileSignature{static_cast<uint32_t>(head.size()), HashBytes(head.data(), head.size())};
  e.key = SourceKey(e.id);
  e.seen = clock->NowNanos() / kSeconds;
  if (saved.emplace(e.key, e).second) need_save = true;
}

bool Tailer::Impl::SourceFor(const std::string& path, std::shared_ptr<WatchSource>* src,
                             std::string* beneath) const {
  // Only under a directory a source names, opened as that source opens its
  // files (root, beneath): a container's symlink never leads here either.
  for (const auto& [key, s] : sources) {
    for (const std::string& pattern : s->paths) {
      std::string dir = PathGlob(pattern).LiteralDir();
      if (path.compare(0, dir.size() + 1, dir == "/" ? dir : dir + "/") == 0) {
        *src = s;
        *beneath = dir;
      }
    }
  }
  return *src != nullptr;
}

int Tailer::Impl::MatchGeneration(Generation* gen, const std::vector<const CheckpointEntry*>& entries,
                                  const WatchSource& src, const std::string& beneath,
                                  std::unique_ptr<File>* file, FileInfo* info) {
  std::unique_ptr<File> raw;
  if (!OpenGeneration(fs, src.root, beneath, gen, &raw).ok()) return -1;
  const Generation& g = *gen;
  *info = g.info;
  std::string prefix;  // a .gz's first bytes, decompressed once for all entries
  bool prefix_read = false;
  for (size_t i = 0; i < entries.size(); i++) {
    const CheckpointEntry& e = *entries[i];
    if (g.compressed) {
      // gzip keeps the original's mtime, its last write: an older one is an
      // earlier rotation that starts the same (`seen` may lag an hour).
      if (e.id.sig.len == 0 || g.info.mtime_ns / kSeconds < e.seen - 2 * 3600) continue;
      if (!prefix_read && !ReadGzipPrefix(raw.get(), kSignatureBytes, &prefix).ok()) prefix.clear();
      prefix_read = true;
      if (prefix.size() < e.id.sig.len || HashBytes(prefix.data(), e.id.sig.len) != e.id.sig.hash) continue;
    } else if (e.id.SameInode(g.info)) {
      // Renamed: the same inode and first bytes.
      Sameness same;
      if (!CompareIdentity(e.id, e.offset, raw.get(), g.info, &same).ok() || same != Sameness::kSame) continue;
    } else {
      // A copy (copytruncate): another inode, the entry's first bytes, and
      // at least what was read of it.
      FileSignature sig;
      if (e.id.sig.len == 0 || g.info.size < e.offset ||
          !ReadSignature(raw.get(), g.info.size, e.id.sig.len, &sig).ok() || !(sig == e.id.sig)) {
        continue;
      }
    }
    *file = std::move(raw);
    return static_cast<int>(i);
  }
  *file = std::move(raw);
  return -1;
}

void Tailer::Impl::RecoverGenerations(const std::string& path, bool replaced) {
  std::vector<const CheckpointEntry*> entries;
  for (const auto& [key, e] : saved) {
    if (e.path == path) entries.push_back(&e);
  }
  for (const CheckpointEntry& e : moved_away) {
    if (e.path == path) entries.push_back(&e);
  }
  // The followed file the path held before: where the newer generations
  // begin, never read again here (it is drained through its descriptor,
  // copies of its contents since included).
  const size_t adoptable = entries.size();
  auto before = followed_before.find(path);
  if (before != followed_before.end()) {
    for (const CheckpointEntry& e : before->second) entries.push_back(&e);
  }
  auto boundary = [&](int e) { return e >= static_cast<int>(adoptable); };
  const bool has_boundary = entries.size() > adoptable;
  std::shared_ptr<WatchSource> src;
  std::string beneath;
  if (entries.empty() || !SourceFor(path, &src, &beneath)) return;
  int64_t entries_seen = 0;
  for (const CheckpointEntry* e : entries) entries_seen = std::max(entries_seen, e->seen);
  std::vector<Generation> gens;
  FindGenerations(fs, path, &gens);
  // Replaced while running, with no checkpoint entry of its own left: only
  // what came since the file followed before can be new, and that is among
  // the newest (not a thousand gzip heads opened per rotation).
  if (replaced && adoptable == 0 && gens.size() > kMaxGenerationsLooked) {
    gens.erase(gens.begin(), gens.end() - kMaxGenerationsLooked);
  }
  // An entry's inode under a name that is not a generation's (renamed to
  // anything beside its old path): older than every generation.
  std::vector<std::string> names;
  std::ptrdiff_t renamed_count = 0;
  if (fs->ListDir(DirName(path), &names).ok()) {
    std::vector<Generation> renamed;
    for (const std::string& name : names) {
      Generation g;
      g.path = JoinPath(DirName(path), name);
      if (g.path == path || !fs->Lstat(g.path, &g.info).ok() || !g.info.is_regular) continue;
      bool known = false;
      for (const CheckpointEntry* e : entries) known = known || e->id.SameInode(g.info);
      for (const Generation& o : gens) known = known && o.path != g.path;
      if (known) renamed.push_back(std::move(g));
    }
    gens.insert(gens.begin(), renamed.begin(), renamed.end());
    renamed_count = static_cast<std::ptrdiff_t>(renamed.size());
  }
  // Which entry each generation holds; the newest one held marks what the
  // checkpoint knew: the generations after it came while we were down.
  struct Candidate {
    const Generation* g;
    int entry;
    std::unique_ptr<File> file;
    FileInfo info;
  };
  std::vector<Candidate> cands;
  std::vector<bool> found(entries.size(), false);
  int newest_known = -1;
  for (Generation& g : gens) {
    if (files.count({g.info.dev, g.info.ino})) {  // followed already
      if (has_boundary && entries[adoptable]->id.SameInode(g.info)) {
        cands.push_back({&g, static_cast<int>(adoptable), nullptr, {}});
      }
      continue;
    }
    Candidate c{&g, -1, nullptr, {}};
    c.entry = MatchGeneration(&g, entries, *src, beneath, &c.file, &c.info);
    if (c.file == nullptr) continue;
    if (c.entry < 0 && &g - gens.data() < renamed_count) continue;  // its inode reused: not ours
    cands.push_back(std::move(c));
  }
  // Two copies that start the same (copytruncate twice): the newer one is
  // the entry's, the older one was read before it.
  for (int i = static_cast<int>(cands.size()) - 1; i >= 0; i--) {
    int& e = cands[i].entry;
    if (e < 0) continue;
    if (found[e]) {
      e = -1;
      continue;
    }
    found[e] = true;
    newest_known = std::max(newest_known, i);
  }
  // The file followed before is nowhere beside the path (deleted, not
  // rotated): which generations are newer is unknown; read none.
  if (has_boundary && std::none_of(found.begin() + adoptable, found.end(), [](bool f) { return f; }) &&
      adoptable == 0) {
    newest_known = static_cast<int>(cands.size());
  }
  FollowedFile* prev = nullptr;
  FollowedFile* live = nullptr;
  auto bp = by_path.find(path);
  if (bp != by_path.end()) live = bp->second;
  if (live != nullptr) prev = live->predecessor();
  std::set<std::string> done_keys;
  // The newest known generation before this one was not read (or
  // delivered, with commits) to its end: files are read in the order their
  // path held them, so nothing after it was either.
  bool unread_before = false;
  for (int i = 0; i < static_cast<int>(cands.size()); i++) {
    Candidate& c = cands[i];
    // Older than a generation the checkpoint knows: read before (unless
    // the known one before it was not read out: a file found empty or
    // truncated while it waited its turn has no entry of that content).
    // With none known and the path holding the checkpoint's file: older
    // than it, read before or not ours.  Else newer than what we knew: a
    // content the path held while we were down, or one we had not read yet
    // (stopped before a copytruncate'd file was read again), or one read
    // and committed since (read again: at least once).
    if (c.entry < 0 && (i < newest_known || (!replaced && newest_known < 0)) && !unread_before) continue;
    if (c.entry >= 0 && boundary(c.entry)) {  // followed already
      unread_before = false;
      continue;
    }
    std::unique_ptr<File> file = std::move(c.file);
    FileInfo info = c.info;
    if (c.g->compressed) {
      std::string head;  // of one no entry holds: read while a cut gzip still gives it
      if (c.entry < 0 && !ReadGzipPrefix(file.get(), kSignatureBytes, &head).ok()) head.clear();
      Status s = OpenGzipFile(std::move(file), kMaxRotatedGzipBytes, &file);
      if (s.ok()) s = file->Stat(&info);
      if (!s.ok()) {
        Report(c.g->path, s);
        if (!head.empty()) RememberUnreadGeneration(path, *c.g, head);
        continue;
      }
    }
    StartFacts facts = RunFacts(*src);
    facts.size = info.size;
    facts.mtime_ns = c.g->info.mtime_ns;
    facts.entries_seen = entries_seen;
    facts.match = c.entry >= 0 ? Match::kRotated : Match::kGeneration;
    facts.entry = c.entry >= 0 ? entries[c.entry] : nullptr;
    StartPosition pos = DecideStart(facts);
    if (c.entry >= 0) {
      done_keys.insert(entries[c.entry]->key);
      unread_before = !pos.skip && pos.offset < info.size;
    }
    if (pos.skip) continue;
    FoundAt at{src, c.g->path, beneath};
    std::unique_ptr<FollowedFile> t;
    if (c.entry >= 0) {
      t = FollowedFile::Rotated(&ctx, std::move(at), info, std::move(file), pos, *entries[c.entry]);
    } else {
      t = FollowedFile::New(&ctx, std::move(at), info, std::move(file), pos, 0, 0);
      t->MarkRotated();
    }
    handler->Begin(t->view());
    t->set_home(path);
    FollowedFile* raw = t.get();
    raw->set_predecessor(prev);
    prev = raw;
    files[{info.dev, info.ino}] = std::move(t);
  }
  if (live != nullptr) live->set_predecessor(prev);
  if (replaced) {
    // The file at the path is another one now, and no generation holds
    // these: what was not read of them is gone.
    for (size_t i = 0; i < adoptable; i++) {
      if (found[i]) continue;
      StartFacts facts = RunFacts(*src);
      facts.match = Match::kGone;
      facts.entry = entries[i];
      StartPosition pos = DecideStart(facts);
      reporter->Report(path + ": rotated away while we were down and gone (" + entries[i]->key + "): " +
                       (pos.lost >= 0 ? std::to_string(pos.lost) : std::string("its")) +
                       " bytes known unread after offset " + std::to_string(pos.offset) +
                       ", and whatever was written to it after the last checkpoint, are lost");
      done_keys.insert(entries[i]->key);
    }
  }
  for (const std::string& k : done_keys) saved.erase(k);
  moved_away.erase(std::remove_if(moved_away.begin(), moved_away.end(),
                                  [&](const CheckpointEntry& e) { return e.path == path; }),
                   moved_away.end());
}

}  // namespace lc
