// Tailer::Impl's checkpoint: loading it and lc-ship's commit file, and
// saving it (tailer.h has the contracts; checkpoint.h the format).  A file
// released after rotation is "retired": with commits in use its entry stays
// in the checkpoint until lc-ship has committed it to its end.  A key that
// leaves the checkpoint is then forgotten by lc-ship too (forget_line.h).
#include <algorithm>

#include "common/base/atomic_file.h"
#include "common/stream/forget_line.h"
#include "common/tail/tailer_impl.h"

namespace lc {

Status Tailer::Impl::Save() {
  need_save = false;
  last_save_mono = clock->MonoNanos();
  if (out != nullptr) {
    Status s = out->Flush();
    if (!s.ok()) return s;
  }
  for (auto& [ik, t] : files) t->MarkInCheckpoint();
  if (checkpoint_path.empty()) return Status::OK();
  int64_t now_s = clock->NowNanos() / kSeconds;
  std::vector<CheckpointEntry> entries;
  for (auto& [ik, t] : files) {
    CheckpointEntry e;
    if (t->Entry(now_s, &e)) entries.push_back(std::move(e));
  }
  DropCommittedRetired(now_s);
  entries.insert(entries.end(), retired.begin(), retired.end());
  for (auto it = saved.begin(); it != saved.end();) {
    if (now_s - it->second.seen > opt.forget_ns / kSeconds) {
      it = saved.erase(it);
    } else {
      entries.push_back(it->second);
      ++it;
    }
  }
  // Nothing moved since the last write: skip it (an idle node then costs
  // no writes), but refresh the "seen" times hourly.
  std::string fingerprint;
  for (const CheckpointEntry& e : entries) {
    fingerprint += e.key + '\0' + e.path + '\0' + std::to_string(e.offset) + '\0' +
                   std::to_string(e.id.sig.len) + '\n';
  }
  uint64_t h = HashBytes(fingerprint.data(), fingerprint.size());
  int64_t mono = clock->MonoNanos();
  if (h == last_saved_hash && last_written_mono != 0 && mono - last_written_mono < 3600 * kSeconds) {
    return Status::OK();
  }
  std::string text = EncodeCheckpoint(entries);
  KeepSpareDescriptors();
  Status s = WriteFileAtomically(checkpoint_path, text);
  if (OutOfDescriptors(s) && ShedDescriptors(s)) s = WriteFileAtomically(checkpoint_path, text);
  if (!s.ok()) {
    reporter->Report(s.message());
    return s;
  }
  last_saved_hash = h;
  last_written_mono = mono;
  ForgetKeysGone(entries);
  return s;
}

void Tailer::Impl::ForgetKeysGone(const std::vector<CheckpointEntry>& entries) {
  if (!use_commits || out == nullptr) return;  // no commit file: nothing to forget
  std::unordered_set<std::string> now;
  now.reserve(entries.size());
  for (const CheckpointEntry& e : entries) now.insert(e.key);
  std::string lines;
  for (const std::string& key : checkpoint_keys) {
    if (now.count(key) != 0) continue;
    for (const std::string& st : handler->CursorStreams()) AppendForgetLine(key + st, &lines);
  }
  checkpoint_keys.swap(now);
  if (lines.empty()) return;
  // After the checkpoint is written: a crash before lc-ship reads these
  // leaves a cursor it no longer needs, never a checkpoint entry whose
  // commit is gone (which would read its file again from `start`).
  out->Append(lines);
  if (Status s = out->Flush(); !s.ok()) reporter->Report(s.message());
}

Status Tailer::LoadCheckpoint(const std::string& path) {
  impl_->checkpoint_path = path;
  std::string text;
  Status s = ReadWholeFile(path, &text);
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  if (text.empty()) {
    // A crash of another writer, or a full disk, left it empty: nothing is
    // known, as on a first run; say so, and the next save replaces it.
    impl_->reporter->Report(path + ": empty checkpoint file: starting as on a first run");
    return Status::OK();
  }
  std::vector<CheckpointEntry> entries;
  s = DecodeCheckpoint(text, path, &entries);
  if (!s.ok()) return s;
  impl_->had_checkpoint = true;
  for (CheckpointEntry& e : entries) {
    impl_->checkpoint_keys.insert(e.key);
    impl_->saved[e.key] = std::move(e);
  }
  return Status::OK();
}

void Tailer::Impl::Retire(const CheckpointEntry& e) {
  if (!use_commits) return;  // without lc-ship's word, what was written out is done
  retired.push_back(e);
  need_save = true;
}

void Tailer::Impl::DropCommittedRetired(int64_t now_s) {
  if (retired.empty()) return;
  CursorMap fresh;
  if (LoadCommitFile(commit_path, &fresh).ok()) commits = std::move(fresh);
  const std::vector<std::string>& streams = handler->CursorStreams();
  retired.erase(std::remove_if(retired.begin(), retired.end(),
                               [&](const CheckpointEntry& e) {
                                 if (now_s - e.seen > opt.forget_ns / kSeconds) return true;
                                 // Every stream that was committed at all is committed
                                 // to the end (a stream with no line has no commit).
                                 bool any = false;
                                 for (const std::string& st : streams) {
                                   auto c = commits.find(e.key + st);
                                   if (c == commits.end()) continue;
                                   if (c->second < e.offset) return false;
                                   any = true;
                                 }
                                 return any;
                               }),
                retired.end());
}

Status Tailer::LoadCommits(const std::string& path) {
  impl_->use_commits = true;
  impl_->commit_path = path;
  return LoadCommitFile(path, &impl_->commits);
}

}  // namespace lc
