#include "analyze/content_set.h"

namespace pep765 {

namespace {

bool is_zero(const Hash& h) { return h.high == 0 && h.low == 0; }

}  // namespace

size_t ContentSet::find(const Shard& s, const Hash& h) {
  const size_t mask = s.keys.size() - 1;
  // The low bits chose the shard; the high bits place it within.
  for (size_t i = size_t(h.high) & mask;; i = (i + 1) & mask)
    if (is_zero(s.keys[i]) || s.keys[i] == h) return i;
}

void ContentSet::grow(Shard& s) {
  std::vector<Hash> old_keys = std::move(s.keys);
  std::vector<uint8_t> old_stored = std::move(s.stored);
  const size_t capacity = old_keys.empty() ? 1024 : old_keys.size() * 2;
  s.keys.assign(capacity, Hash{});
  s.stored.assign(capacity, 0);
  for (size_t i = 0; i < old_keys.size(); i++) {
    if (is_zero(old_keys[i])) continue;
    const size_t at = find(s, old_keys[i]);
    s.keys[at] = old_keys[i];
    s.stored[at] = old_stored[i];
  }
}

bool ContentSet::insert(const Hash& h, bool stored) {
  if (is_zero(h)) {
    std::lock_guard lock(zero_mutex_);
    const bool fresh = zero_state_ == 0;
    zero_state_ = std::max(zero_state_, stored ? 2 : 1);
    return fresh;
  }
  Shard& s = shard_of(h);
  std::lock_guard lock(s.mutex);
  if ((s.used + 1) * 10 > s.keys.size() * 7) grow(s);  // keep the load under 70%
  const size_t at = find(s, h);
  if (!is_zero(s.keys[at])) {
    if (stored) s.stored[at] = 1;
    return false;
  }
  s.keys[at] = h;
  s.stored[at] = stored;
  s.used++;
  return true;
}

void ContentSet::mark_stored(const Hash& h) {
  if (is_zero(h)) {
    std::lock_guard lock(zero_mutex_);
    zero_state_ = 2;
    return;
  }
  insert(h, true);
}

bool ContentSet::is_stored(const Hash& h) const {
  if (is_zero(h)) {
    std::lock_guard lock(zero_mutex_);
    return zero_state_ == 2;
  }
  const Shard& s = shard_of(h);
  std::lock_guard lock(s.mutex);
  if (s.keys.empty()) return false;
  const size_t at = find(s, h);
  return !is_zero(s.keys[at]) && s.stored[at];
}

size_t ContentSet::size() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    std::lock_guard lock(s.mutex);
    n += s.used;
  }
  std::lock_guard lock(zero_mutex_);
  return n + (zero_state_ != 0);
}

}  // namespace pep765
