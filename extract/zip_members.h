// A zip's (wheel's, egg's) .py members, as its central directory lists them: names, order,
// types, declared CRC-32 and size all come from the directory (common/zip_directory.h), read
// once; libarchive is opened only when a member's bytes are wanted, and moved to that member.
// A wheel whose .py members all repeat what the run has read already (analyze's duplicate
// index) is therefore never opened by libarchive at all: most of a census's wheels. A member
// whose data is damaged fails alone: the members after it are still read.
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
