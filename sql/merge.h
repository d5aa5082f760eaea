// Merging stores: the shards of a census (or any stores) into one, joined on natural keys
// (paths, names, content hashes), never on row ids, so any order of inputs gives one result.
#pragma once
#include <string>
#include <vector>

namespace pep765 {

struct MergeTotals {
  size_t stores = 0, artifacts = 0, contents = 0, packages = 0;
};

// Adds each input store into `out` (created if missing). Contents are deduplicated by hash;
// an artifact already in `out` (same path) is kept as it is; a person's triage is kept, the
// newer decision winning where two stores disagree.
MergeTotals merge_stores(const std::string& out, const std::vector<std::string>& inputs);

}  // namespace pep765
