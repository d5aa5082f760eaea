// What every libarchive-backed member reader (extract/sources.cc, extract/zip_members.cc)
// says the same way: the decompression-bomb caps, and libarchive's reason for a failure.
#pragma once
#include <cstdint>
#include <string>

struct archive;

namespace pep765 {

// Why `expanded` bytes (from an archive of `packed_size` bytes) break a cap: past `max_bytes`,
// or past 100 MB at more than `max_ratio` times the archive's size; "" when they break none.
// A cap of 0 is off.
std::string expansion_problem(uint64_t expanded, uint64_t packed_size, uint64_t max_bytes, uint64_t max_ratio);

// libarchive's message for its last error, else its errno's, else a general one. `a` may be null.
std::string archive_problem(archive* a);

}  // namespace pep765
