// The one test for what pep765 treats as a URL: http or https only. It fetches nothing else
// (an index must not make it speak gopher, dict, telnet or file) and links to nothing else (a
// javascript: URL from an index page never becomes a link in a report).
#pragma once
#include <cctype>
#include <string>
#include <string_view>

namespace pep765 {

// `text` for a URI (RFC 3986): bytes outside the unreserved set and `also_safe` as %XX.
inline std::string percent_encode(std::string_view text, std::string_view also_safe) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || also_safe.find(char(c)) != std::string_view::npos) {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

inline bool is_http_url(std::string_view url) {
  auto starts = [&](std::string_view scheme) {
    if (url.size() <= scheme.size()) return false;
    for (size_t i = 0; i < scheme.size(); i++)
      if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
    return true;
  };
  return starts("http://") || starts("https://");
}

}  // namespace pep765
