// StringMap: a hash map from string keys, looked up by std::string_view
// without building a std::string.  For per-record lookups of keys that are
// views into a buffer, as lc-ship's source keys are: a std::unordered_map
// keyed by std::string makes a std::string of the view first, an
// allocation for any key past the 15 bytes it holds inline (C++20's
// heterogeneous lookup would avoid it; the project is C++17).
//
// Each entry is allocated once, when its key is first added, and keeps its
// address (and its key's) until it is erased or the map cleared, whatever
// else is added: callers hold Entry pointers across batches.
#ifndef LC_COMMON_BASE_STRING_MAP_H_
#define LC_COMMON_BASE_STRING_MAP_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lc {

template <typename V>
class StringMap {
 public:
  struct Entry {
    std::string key;
    V value{};
  };

  // The entry of `key`, or nullptr.
  Entry* Find(std::string_view key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : it->second.get();
  }
  // The entry of `key`, added with a value-initialized V when missing.
  Entry* FindOrAdd(std::string_view key) {
    if (Entry* e = Find(key)) return e;
    auto owned = std::make_unique<Entry>();
    owned->key.assign(key.data(), key.size());
    Entry* e = owned.get();
    map_.emplace(std::string_view(e->key), std::move(owned));  // the view is of the entry's own key
    return e;
  }
  // Removes `key`'s entry (its address and key are gone with it).
  void Erase(std::string_view key) { map_.erase(key); }
  size_t size() const { return map_.size(); }
  void clear() { map_.clear(); }

 private:
  std::unordered_map<std::string_view, std::unique_ptr<Entry>> map_;
};

}  // namespace lc

#endif  // LC_COMMON_BASE_STRING_MAP_H_
