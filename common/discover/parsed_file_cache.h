// ParsedFileCache: what a rescan made of each small file it reads (a
// container's config.json, its pid file), kept with the file's stat stamp
// (dev, inode, size, mtime in ns), so the next rescan stats the file and
// re-reads and re-parses it only when the stamp changed.  lc-discover's file
// sources rescan every container each minute and on every inotify event; a
// parse per container per rescan was most of their idle cost.
//
// Contracts:
//  - Get returns what `parse` made of the file's current content, as far as
//    stat can tell: a file rewritten in place keeps its stamp only if its
//    size and its mtime (to the ns) are unchanged too.  A file changed
//    between the stat and the read is kept under the older stamp, so the
//    next Get reads it again (never a stale value under a new stamp).
//  - Only successful parses are kept: a half-written file is read again at
//    each Get until it parses.
//  - Sweep drops every entry not asked for since the previous Sweep: called
//    once per scan, entries of containers that went away do not accumulate.
#ifndef LC_COMMON_DISCOVER_PARSED_FILE_CACHE_H_
#define LC_COMMON_DISCOVER_PARSED_FILE_CACHE_H_

#include <cstdint>
#include <string>
#include <unordered_map>

#include "common/base/file_system.h"
#include "common/base/status.h"

namespace lc {

// What stat says of a file's content: equal stamps, unchanged content.
struct FileStamp {
  uint64_t dev = 0;
  uint64_t ino = 0;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  static FileStamp Of(const FileInfo& fi) { return {fi.dev, fi.ino, fi.size, fi.mtime_ns}; }
  bool operator==(const FileStamp& o) const {
    return dev == o.dev && ino == o.ino && size == o.size && mtime_ns == o.mtime_ns;
  }
  bool operator!=(const FileStamp& o) const { return !(*this == o); }
};

// Stats `path` into *info; when `known` is null or differs from its stamp,
// reads the whole file (at most `max` bytes) into *text and sets *changed.
// NotFound when the file is missing; Corruption when it is larger than `max`.
Status StatAndReadIfChanged(FileSystem* fs, const std::string& path, size_t max, const FileStamp* known,
                            FileInfo* info, std::string* text, bool* changed);

template <typename T>
class ParsedFileCache {
 public:
  explicit ParsedFileCache(FileSystem* fs) : fs_(fs) {}

  // *out = parse(text) of `path`'s content, `parse` being a callable
  // Status(const std::string& text, T* out); *info = its stat.  The cached
  // value when the stamp is the one it was parsed from.  The error of the
  // stat, the read or the parse otherwise.
  template <typename Parse>
  Status Get(const std::string& path, size_t max, Parse&& parse, T* out, FileInfo* info) {
    auto it = entries_.find(path);
    const FileStamp* known = it == entries_.end() ? nullptr : &it->second.stamp;
    std::string text;
    bool changed = false;
    if (Status s = StatAndReadIfChanged(fs_, path, max, known, info, &text, &changed); !s.ok()) return s;
    if (!changed) {
      it->second.used = true;
      *out = it->second.value;
      return Status::OK();
    }
    T value;
    if (Status s = parse(text, &value); !s.ok()) return s;
    Entry& e = entries_[path];
    e.stamp = FileStamp::Of(*info);
    e.value = value;
    e.used = true;
    *out = std::move(value);
    return Status::OK();
  }

  void Sweep() {
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (!it->second.used) {
        it = entries_.erase(it);
      } else {
        it->second.used = false;
        ++it;
      }
    }
  }

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    FileStamp stamp;
    T value;
    bool used = false;
  };
  FileSystem* fs_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace lc

#endif  // LC_COMMON_DISCOVER_PARSED_FILE_CACHE_H_
