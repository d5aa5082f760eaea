// A zip's (wheel's, egg's) .py members, as its central directory lists them: names, order,
// types, declared CRC-32 and size all come from the directory (common/zip_directory.h), read
// once. A member's bytes are read only when they are wanted: a wheel whose .py members all
// repeat what the run has read already (analyze's duplicate index) is never read past its
// directory: most of a census's wheels.
//
// Where every .py member is stored or deflated and none is encrypted (every wheel seen), each
// is read from its own local header, where the directory places it, inflated with igzip, and
// its size and CRC-32 checked against the directory's; no byte of another member is read, so
// a sparse file holding only the .py members' byte ranges (fetch's partial wheel reads) reads
// as the whole wheel does. Other zips are read through libarchive, moved to each member. A
// member whose data is damaged (or fails its CRC-32) fails alone: the members after it are
// still read, up to 16 damaged members.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "extract/sources.h"

namespace pep765 {

std::unique_ptr<MemberReader> open_zip_members(const std::string& path, uint64_t size);
// The same over a zip held in memory (the bytes must outlive the reader).
std::unique_ptr<MemberReader> open_zip_in_memory(const void* data, size_t size);

}  // namespace pep765
