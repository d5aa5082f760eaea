#include "common/source_line.h"

namespace pep765 {

std::string_view source_line(std::string_view text, uint32_t line) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  size_t start = 0;
  for (uint32_t n = 1; n < line; n++) {
    const size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) return {};
    start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  const size_t end = text.find_first_of("\r\n", start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

uint32_t code_point_column(std::string_view line, uint32_t byte_column) {
  uint32_t column = 1;
  for (size_t i = 0; i + 1 < byte_column && i < line.size(); i++)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) column++;
  return column;
}

}  // namespace pep765
