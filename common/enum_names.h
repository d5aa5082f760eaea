// An enum's names as a table in the order of its values: the one way pep765 names an enum's
// values and parses them back (so no switch of `case X: return "x";` lines is written twice).
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace pep765 {

template <class Enum, size_t N>
constexpr const char* enum_name(Enum value, const char* const (&names)[N]) {
  const size_t i = static_cast<size_t>(value);
  return i < N ? names[i] : "?";
}

template <class Enum, size_t N>
constexpr std::optional<Enum> parse_enum(std::string_view text, const char* const (&names)[N]) {
  for (size_t i = 0; i < N; i++)
    if (text == names[i]) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace pep765
