// The answers to HTTP range requests, checked at the edge: a server's Content-Range headers and
// multipart/byteranges bodies are untrusted input. Every part must lie inside what was asked
// and name the file size the index declared; anything else is an error naming what is wrong,
// and the caller reads the file whole instead.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/transfers.h"

namespace pep765 {

// "bytes FIRST-LAST/TOTAL" (TOTAL may not be "*"): nullopt unless well formed with
// FIRST <= LAST < TOTAL.
struct ContentRange {
  ByteRange range;
  uint64_t total = 0;
};
std::optional<ContentRange> parse_content_range(std::string_view value);

struct RangePart {
  ByteRange range;
  std::string_view bytes;  // into the answer's body
};
struct RangeAnswer {
  std::vector<RangePart> parts;
  bool multipart = false;  // the server answered multipart/byteranges
  std::string error;       // why the answer cannot be used (then parts is empty)
};
// The parts of a 206 answer `r` to a request for `asked` (sorted, not overlapping) of a file
// of `file_size` bytes: one part (the Content-Range header), or a multipart/byteranges body
// (the boundary from Content-Type). Each part must lie inside the span from the first range
// asked to the last (a server may join ranges), name `file_size`, and be whole; parts not
// asked for, overlapping or out of order, a missing or repeated boundary, fail the answer.
// Which asked bytes the parts cover is the caller's to check.
RangeAnswer read_range_answer(const TransferResult& r, const std::vector<ByteRange>& asked, uint64_t file_size);

// `spans` sorted and joined where they overlap or less than `gap` bytes lie between them:
// one range read for two costs the gap's bytes, two ranges a round trip (or a part header).
std::vector<ByteRange> coalesce(std::vector<ByteRange> spans, uint64_t gap);

// `wanted` without the bytes `held` covers (both sorted, not overlapping).
std::vector<ByteRange> subtract(const std::vector<ByteRange>& wanted, const std::vector<ByteRange>& held);

}  // namespace pep765
