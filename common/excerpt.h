// The excerpt rule, shared by the analysis that writes a hit's try source and the report that
// reads it back: what is kept of a try statement, and how a left-out span is written.
#pragma once
#include <cstddef>

namespace pep765 {

// The try statement's source kept per hit: whole up to this many bytes and lines; a longer one
// keeps its first lines, its clause headers, the `finally:` line and the lines around the jump,
// each left-out span written as one line kExcerptGap + its count ("\x1e12": twelve lines left
// out); lines past kExcerptLineCap bytes are cut.
constexpr size_t kTrySourceCap = 4096;
constexpr size_t kExcerptWholeLines = 60;
constexpr size_t kExcerptLineCap = 400;
constexpr char kExcerptGap = '\x1e';

}  // namespace pep765
