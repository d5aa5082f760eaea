// Case folding for the ASCII words of protocols and file names (hosts, schemes, headers,
// extensions): byte by byte, never the locale's idea of a letter.
#pragma once
#include <cctype>
#include <string>

namespace pep765 {

inline std::string ascii_lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace pep765
