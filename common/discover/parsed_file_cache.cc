#include "common/discover/parsed_file_cache.h"

#include "common/discover/container_source.h"

namespace lc {

Status StatAndReadIfChanged(FileSystem* fs, const std::string& path, size_t max, const FileStamp* known,
                            FileInfo* info, std::string* text, bool* changed) {
  *changed = false;
  // The stat comes first: content written after it is read under the older
  // stamp, and so read again next time.
  if (Status s = fs->Stat(path, info); !s.ok()) return s;
  if (known != nullptr && *known == FileStamp::Of(*info)) return Status::OK();
  if (Status s = ReadSmallFile(fs, path, max, text); !s.ok()) return s;
  *changed = true;
  return Status::OK();
}

}  // namespace lc
