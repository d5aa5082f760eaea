// The list of projects to fetch: hugovk's top-pypi-packages JSON (2024 shape with `query`,
// current shape with `source`/`meta`/`total_rows`; both carry `last_update` and `rows` of
// {project, download_count}), or plain text with one project name a line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/names.h"

namespace pep765 {

struct ListedProject {
  std::string name;                        // as listed
  int rank = 0;                            // 1-based, by download count (or line order)
  std::optional<int64_t> download_count;
};

struct TopList {
  std::string last_update;  // empty for plain text
  std::vector<ListedProject> projects;  // by rank, the top N
  std::vector<InvalidName> invalid;     // entries that are no project names: not ranked, not fetched
};

// Parses `body`; `top` keeps the first N valid names by download count (0: all); an entry
// that breaks the name rule (invalid_name_reason) goes to `invalid` instead. Throws std::runtime_error
// with the reason when it is neither shape.
TopList parse_top_list(std::string_view body, size_t top);

}  // namespace pep765
