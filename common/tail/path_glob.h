// PathGlob: a path pattern with * ? [..] per component and ** for any number
// of directories, expanded against a FileSystem.
//
// Contracts:
//  - A component is matched with fnmatch(3) and FNM_PERIOD: as in the shell,
//    '*' does not match a leading '.'.
//  - "**" matches zero or more directories; a trailing "**" matches every
//    file below.  Recursion does not enter symlinked directories (loops).
//  - Expand() reports every directory it looked in, so the caller can watch
//    those with inotify: a file or directory that comes to match later is
//    then noticed at once, and the periodic poll catches the rest.  It can
//    say, per directory, which component was looked for there: only an
//    entry of that name can change what matches (an ancestor of the files
//    such as /tmp changes all the time for other reasons).
//  - Only regular files (after following a final symlink) are returned.
#ifndef LC_COMMON_PATH_GLOB_H_
#define LC_COMMON_PATH_GLOB_H_

#include <string>
#include <vector>

#include "common/base/file_system.h"

namespace lc {

class PathGlob {
 public:
  explicit PathGlob(const std::string& pattern);

  struct Match {
    std::string path;
    FileInfo info;  // Stat() of it, taken while expanding
  };
  // A directory looked in, and the component looked for there: a name, a
  // fnmatch(3) pattern, or "**" (any directory below).  `last`: the
  // component names the files themselves.
  struct Searched {
    std::string dir;
    std::string component;
    bool last = false;
  };
  // Appends matching regular files to *files and searched dirs to *dirs.
  void Expand(FileSystem* fs, std::vector<Match>* files, std::vector<std::string>* dirs) const;
  void Expand(FileSystem* fs, std::vector<Match>* files, std::vector<Searched>* dirs) const;
  // Whether `path` matches.  A pattern without '/' matches the base name
  // (so --exclude '*.gz' works anywhere).
  bool Matches(const std::string& path) const;
  const std::string& pattern() const { return pattern_; }
  // The directory named by the pattern's components before the first one
  // with magic (and before the file name): "/a/b/*/x.log" -> "/a/b".
  std::string LiteralDir() const;

 private:
  void ExpandFrom(FileSystem* fs, const std::string& dir, size_t i, std::vector<Match>* files,
                  std::vector<Searched>* dirs) const;
  bool MatchFrom(const std::vector<std::string>& parts, size_t pi, size_t si) const;

  std::string pattern_;
  bool absolute_;
  std::vector<std::string> segs_;
};

bool HasGlobMagic(const std::string& s);

}  // namespace lc

#endif  // LC_COMMON_PATH_GLOB_H_
