// What every libarchive-backed member reader (extract/sources.cc, extract/zip_members.cc)
// says the same way: the decompression-bomb caps, and libarchive's reason for a failure.
#pragma once
#include <cstdint>
#include <string>

#include "extract/sources.h"

struct archive;

namespace pep765 {

// Why `expanded` bytes (from an archive of `packed_size` bytes) break a cap: past `max_bytes`,
// or past 100 MB at more than `max_ratio` times the archive's size; "" when they break none.
// A cap of 0 is off.
std::string expansion_problem(uint64_t expanded, uint64_t packed_size, uint64_t max_bytes, uint64_t max_ratio);

// libarchive's message for its last error, else its errno's, else a general one. `a` may be null.
std::string archive_problem(archive* a);

// What those readers keep the same way: why the input or the last read failed, whether that
// ends the input, and the caps limit_expansion() set, checked by over_limit().
class CappedMembers : public MemberReader {
 public:
  const std::string& error() const override { return error_; }
  bool fatal() const override { return fatal_; }
  void limit_expansion(uint64_t max_bytes, uint64_t max_ratio) override {
    max_expanded_ = max_bytes;
    max_ratio_ = max_ratio;
  }

 protected:
  // Whether the input has failed for good, or fails now: `expanded` bytes so far break a cap
  // (then the reason is the error, and it is fatal).
  bool over_limit(uint64_t expanded) {
    if (fatal_) return true;
    std::string problem = expansion_problem(expanded, packed_size_, max_expanded_, max_ratio_);
    if (problem.empty()) return false;
    error_ = std::move(problem);
    fatal_ = true;
    return true;
  }

  std::string error_;
  bool fatal_ = false;
  uint64_t packed_size_ = 0;  // the archive's bytes, for the ratio cap
  uint64_t max_expanded_ = 0, max_ratio_ = 0;
};

}  // namespace pep765
