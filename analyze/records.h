// What analysis hands the store's writer: per artifact, its files (each naming a content by
// hash) and the contents it was first to meet.
#pragma once
#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyze_file.h"
#include "extract/sources.h"

namespace pep765 {

// XXH3-128 of a file's bytes, stored as its 16-byte canonical (big-endian) form.
struct Hash {
  uint64_t high = 0, low = 0;
  bool operator==(const Hash&) const = default;
  static Hash of(XXH128_hash_t h) { return {h.high64, h.low64}; }
  XXH128_canonical_t canonical() const {
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH128_hash_t{low, high});
    return c;
  }
  static bool from_canonical(std::string_view bytes, Hash& out) {
    if (bytes.size() != sizeof(XXH128_canonical_t)) return false;
    XXH128_canonical_t c;
    std::memcpy(&c, bytes.data(), sizeof c);
    out = of(XXH128_hashFromCanonical(&c));
    return true;
  }
};

// The version of a file's analysis, stored with each content (contents.analysis). Raise it
// when what analysis finds in a file changes: contents stored by an older one are analyzed
// again by the next `analyze` (and the artifacts holding them are read again).
// 2: the layout check over every file (analyze/structure_check.h).
// 3: each hit's exception-flow facts (analyze/exception_flow.h).
// 4: a finally clause without a jump keyword is not parsed (its file's status is its layout's),
//    and a coding cookie on a second line after a CRLF is read.
// 5: each hit's evidence for triage (analyze/try_evidence.h; raise_line, handler_actions, ...),
//    and the wider can-not-raise grammar (tuples and lists of plain items, unpacking of them).
constexpr int kAnalysisVersion = 5;

struct ContentRecord {
  Hash hash;
  uint64_t size = 0;
  uint32_t crc32 = 0;  // of the bytes: a zip member's as its directory declares (and the reader checked)
  FileAnalysis analysis;
  std::string extra_notes;
};

struct FileRecord {
  uint32_t member;
  std::string path;
  Hash hash;
};

struct ArtifactResult {
  const Input* input = nullptr;
  std::vector<FileRecord> files;
  std::vector<ContentRecord> contents;  // the contents this artifact was first to meet
  std::string status = "ok";
  std::string error;
};

}  // namespace pep765
