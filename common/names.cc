#include "common/names.h"

#include <fmt/format.h>

#include <cctype>

namespace pep765 {

std::string normalize_project_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += char(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string invalid_name_reason(std::string_view raw) {
  if (raw.empty()) return "empty";
  if (raw.size() > kMaxProjectNameBytes)
    return fmt::format("{} bytes long, over the {} a project name may have", raw.size(), kMaxProjectNameBytes);
  auto alnum = [](unsigned char c) { return c < 0x80 && std::isalnum(c); };
  for (unsigned char c : raw) {
    if (alnum(c) || c == '.' || c == '_' || c == '-') continue;
    if (c >= 0x80) return "holds a byte that is not ASCII";
    if (c < 0x20 || c == 0x7f) return fmt::format("holds the control character \\x{:02x}", c);
    return fmt::format("holds '{}', which no project name has", char(c));
  }
  if (!alnum(raw.front()) || !alnum(raw.back())) return "does not start and end with a letter or digit";
  return "";
}

}  // namespace pep765
