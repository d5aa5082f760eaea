// One line of a source file as the analysis numbers lines (CPython's tokenizer): after a byte
// order mark, with '\n', "\r\n" and a lone '\r' each ending a line. For the linter's output and
// its suppression comments, which both read the line a hit is on.
#pragma once
#include <cstdint>
#include <string_view>

namespace pep765 {

// Line `line` (1-based) of `text`, without its line end; empty past the last line.
std::string_view source_line(std::string_view text, uint32_t line);

// Columns as a person counts them, in every output (check, hits, export, the report): code
// points from 1, not the bytes the store keeps (`byte_column` is 1-based).
uint32_t code_point_column(std::string_view line, uint32_t byte_column);

}  // namespace pep765
