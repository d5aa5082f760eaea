#include "common/shard.h"

#include <charconv>

namespace pep765 {

uint64_t stable_name_hash(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

bool Shard::holds(std::string_view normalized_name) const {
  return count <= 1 || stable_name_hash(normalized_name) % count == index - 1;
}

std::optional<Shard> parse_shard(const std::string& text, std::string& why) {
  const size_t slash = text.find('/');
  Shard s;
  auto number = [](std::string_view v, uint32_t& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
  };
  if (slash == std::string::npos || !number(std::string_view(text).substr(0, slash), s.index) ||
      !number(std::string_view(text).substr(slash + 1), s.count) || s.count == 0 || s.index == 0 || s.index > s.count) {
    why = "--shard takes K/N with 1 <= K <= N, for example 2/8";
    return std::nullopt;
  }
  return s;
}

}  // namespace pep765
