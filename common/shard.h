// Splitting a census over machines: a package belongs to shard K of N (1-based) by a stable
// hash of its PEP 503 name, the same on every machine and in every run.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pep765 {

struct Shard {
  uint32_t index = 1, count = 1;  // this is shard `index` of `count`
  bool holds(std::string_view normalized_name) const;
};

// "K/N" with 1 <= K <= N; nullopt (and a reason) when malformed.
std::optional<Shard> parse_shard(const std::string& text, std::string& why);

uint64_t stable_name_hash(std::string_view normalized_name);  // FNV-1a, 64 bits

}  // namespace pep765
