// FlatMap: an ordered map kept as one sorted vector of (key, value) pairs.
// For a table that is walked far more often than it changes: lc-tail walks
// its followed files several times per wake-up (a thousand files, four
// wake-ups a second) and adds or drops one at a rotation.  A walk is a
// linear pass over contiguous pairs instead of a chase through tree nodes
// (std::map's increment was a tenth of lc-tail's time at 1000 files);
// an insert or erase moves the pairs after it.
//
// Same iteration order and the same find/lower_bound/operator[] as
// std::map, with vector's rule for iterators: an insert or erase
// invalidates them (and references to values), so nothing may be added
// or removed while walking.  Values that must keep their address across
// changes are held by pointer (unique_ptr), as lc-tail's are.
#ifndef LC_COMMON_BASE_FLAT_MAP_H_
#define LC_COMMON_BASE_FLAT_MAP_H_

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace lc {

template <typename K, typename V>
class FlatMap {
 public:
  using value_type = std::pair<K, V>;
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

  // The first pair whose key is not less than `k`.
  iterator lower_bound(const K& k) {
    return std::lower_bound(items_.begin(), items_.end(), k,
                            [](const value_type& a, const K& b) { return a.first < b; });
  }
  const_iterator lower_bound(const K& k) const {
    return std::lower_bound(items_.begin(), items_.end(), k,
                            [](const value_type& a, const K& b) { return a.first < b; });
  }
  iterator find(const K& k) {
    auto it = lower_bound(k);
    return it != items_.end() && !(k < it->first) ? it : items_.end();
  }
  const_iterator find(const K& k) const {
    auto it = lower_bound(k);
    return it != items_.end() && !(k < it->first) ? it : items_.end();
  }
  size_t count(const K& k) const { return find(k) != end() ? 1 : 0; }

  // The value of `k`, default-made and inserted in order if absent.
  V& operator[](const K& k) {
    auto it = lower_bound(k);
    if (it == items_.end() || k < it->first) it = items_.emplace(it, k, V());
    return it->second;
  }
  // Returns the iterator after the erased pair, as std::map's erase does.
  iterator erase(iterator it) { return items_.erase(it); }

 private:
  std::vector<value_type> items_;
};

}  // namespace lc

#endif  // LC_COMMON_BASE_FLAT_MAP_H_
