#include "fetch/toplist.h"

#include "fetch/index_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <unordered_set>

namespace pep765 {

TopList parse_top_list(std::string_view body, size_t top) {
  TopList list;
  size_t start = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start != std::string_view::npos && (body[start] == '{' || body[start] == '[')) {
    nlohmann::json doc = parse_index_json(body, "the top list");
    if (!doc.is_object() || !doc.contains("rows") || !doc["rows"].is_array())
      throw std::runtime_error("the top list JSON has no \"rows\" array (expected hugovk's top-pypi-packages)");
    if (doc.contains("last_update") && doc["last_update"].is_string()) list.last_update = doc["last_update"];
    size_t position = 0;
    for (const auto& row : doc["rows"]) {
      position++;
      if (!row.is_object() || !row.contains("project") || !row["project"].is_string()) continue;
      ListedProject p;
      p.name = row["project"];
      if (std::string why = invalid_name_reason(p.name); !why.empty()) {
        list.invalid.push_back({std::move(p.name), std::move(why), position});
        continue;
      }
      // A count is a non-negative integer; anything else (a float, 1e300, a string) is no count.
      if (auto c = row.find("download_count"); c != row.end()) {
        if (c->is_number_unsigned()) p.download_count = int64_t(std::min<uint64_t>(c->get<uint64_t>(), INT64_MAX));
        else if (c->is_number_integer() && c->get<int64_t>() >= 0) p.download_count = c->get<int64_t>();
      }
      list.projects.push_back(std::move(p));
    }
    // Most downloaded first; the list's own order breaks ties (stable).
    std::stable_sort(list.projects.begin(), list.projects.end(), [](const ListedProject& a, const ListedProject& b) {
      return a.download_count.value_or(-1) > b.download_count.value_or(-1);
    });
  } else {
    size_t pos = 0, position = 0;
    while (pos <= body.size()) {
      size_t end = body.find('\n', pos);
      if (end == std::string_view::npos) end = body.size();
      std::string_view line = body.substr(pos, end - pos);
      if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
      if (!line.empty()) {
        position++;
        if (std::string why = invalid_name_reason(line); !why.empty())
          list.invalid.push_back({std::string(line), std::move(why), position});
        else
          list.projects.push_back({std::string(line), 0, std::nullopt});
      }
      pos = end + 1;
    }
  }
  // A project listed twice (two spellings of one name) is kept once, at its better rank.
  std::unordered_set<std::string> seen;
  std::erase_if(list.projects, [&](const ListedProject& p) { return !seen.insert(normalize_project_name(p.name)).second; });
  if (top && list.projects.size() > top) list.projects.resize(top);
  for (size_t i = 0; i < list.projects.size(); i++) list.projects[i].rank = int(i + 1);
  return list;
}

}  // namespace pep765
