#include "fetch/sample.h"

#include "fetch/index_json.h"
#include "fetch/project_page.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>
#include <stdexcept>

#include "fetch/toplist.h"

namespace pep765 {

namespace {

// A uniform integer in [0, bound) from the generator, by rejection (no modulo bias).
uint64_t below(std::mt19937_64& rng, uint64_t bound) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x;
  do x = rng();
  while (x >= limit);
  return x % bound;
}

}  // namespace

std::vector<std::string> parse_project_list(std::string_view body) {
  std::vector<std::string> names;
  const size_t start = body.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && body[start] == '{') {
    nlohmann::json doc = parse_index_json(body, "the simple index JSON");
    if (!doc.is_object() || !doc.contains("projects") || !doc["projects"].is_array())
      throw std::runtime_error("the simple index JSON has no \"projects\" list (PEP 691)");
    for (const auto& p : doc["projects"])
      if (p.is_object() && p.contains("name") && p["name"].is_string()) names.push_back(p["name"]);
    return names;
  }
  // PEP 503: the text of each anchor is a project name.
  size_t pos = 0;
  bool anchors = false;
  while ((pos = body.find("<a", pos)) != std::string_view::npos) {
    const size_t tag_end = body.find('>', pos);
    if (tag_end == std::string_view::npos) break;
    const size_t close = body.find("</a>", tag_end);
    if (close == std::string_view::npos) break;
    anchors = true;
    std::string name = html_unescape(body.substr(tag_end + 1, close - tag_end - 1));
    name.erase(0, name.find_first_not_of(" \t\r\n"));
    name.erase(name.find_last_not_of(" \t\r\n") + 1);
    if (!name.empty()) names.push_back(std::move(name));
    pos = close + 4;
  }
  if (!anchors && body.find("<html") == std::string_view::npos && body.find("<!DOCTYPE") == std::string_view::npos)
    throw std::runtime_error("the simple index is neither PEP 691 JSON nor PEP 503 HTML");
  return names;
}

std::vector<InvalidName> drop_invalid_names(std::vector<std::string>& names) {
  std::vector<InvalidName> invalid;
  std::vector<std::string> valid;
  for (size_t i = 0; i < names.size(); i++) {
    if (std::string why = invalid_name_reason(names[i]); !why.empty())
      invalid.push_back({std::move(names[i]), std::move(why), i + 1});
    else
      valid.push_back(std::move(names[i]));
  }
  names = std::move(valid);
  return invalid;
}

std::vector<std::string> draw_order(std::vector<std::string> names, uint64_t seed) {
  for (std::string& n : names) n = normalize_project_name(n);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::mt19937_64 rng(seed);
  // Fisher-Yates, front to back: position i takes a uniform pick of what is left, so any
  // prefix of the order is a uniform sample without replacement.
  for (size_t i = 0; i + 1 < names.size(); i++) std::swap(names[i], names[i + below(rng, names.size() - i)]);
  return names;
}

}  // namespace pep765
