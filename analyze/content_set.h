// The contents a run knows, by hash: claimed by the worker that analyzes them, and whether
// each is in the store yet. One compact table serves both questions so memory stays small
// however large the census: flat open-addressing arrays of 16-byte hashes plus a flag byte,
// in 64 locked shards (about 34 bytes a distinct file; a million files, some 34 MB).
#pragma once
#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

#include "analyze/records.h"

namespace pep765 {

class ContentSet {
 public:
  // Records a hash a worker met; true if it is new, and so this worker must analyze it.
  bool claim(const Hash& h) { return insert(h, false); }
  // A content already in the store (loaded at the start of a run).
  void add_stored(const Hash& h) { insert(h, true); }
  // The writer stored this content.
  void mark_stored(const Hash& h);
  bool is_stored(const Hash& h) const;
  size_t size() const;

 private:
  struct Shard {
    mutable std::mutex mutex;
    std::vector<Hash> keys;          // all-zero: an empty slot
    std::vector<uint8_t> stored;
    size_t used = 0;
  };
  static constexpr size_t kShards = 64;

  bool insert(const Hash& h, bool stored);
  static size_t find(const Shard& s, const Hash& h);  // its slot, or the empty slot it would take
  static void grow(Shard& s);
  Shard& shard_of(const Hash& h) { return shards_[h.low % kShards]; }
  const Shard& shard_of(const Hash& h) const { return shards_[h.low % kShards]; }

  std::array<Shard, kShards> shards_;
  // The all-zero hash marks empty slots, so should a content hash to it, it is kept here.
  mutable std::mutex zero_mutex_;
  int zero_state_ = 0;  // 0 unknown, 1 claimed, 2 stored
};

}  // namespace pep765
