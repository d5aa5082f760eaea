#include "cli/check_config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <set>

#include "common/error.h"

namespace fs = std::filesystem;

namespace pep765::cli {

namespace {

const std::set<std::string> kRules{"cpython", "exits", "any"};
const std::set<std::string> kFormats{"text", "json", "sarif", "github", "gitlab", "junit"};

[[noreturn]] void bad(const std::string& file, const toml::source_region& where, const std::string& reason) {
  throw Error(Error::Kind::Usage, fmt::format("{}:{}", file, where.begin.line), "invalid [tool.pep765]", reason);
}

std::string name_in(const std::string& file, const toml::node& node, const std::string& key,
                    const std::set<std::string>& names) {
  const std::optional<std::string> value = node.value<std::string>();
  if (!value || !names.contains(*value)) {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    bad(file, node.source(), fmt::format("{} must be one of {}", key, list));
  }
  return *value;
}

std::vector<std::string> strings_in(const std::string& file, const toml::node& node, const std::string& key) {
  const toml::array* array = node.as_array();
  if (!array) bad(file, node.source(), fmt::format("{} must be an array of strings", key));
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    const std::optional<std::string> s = item.value<std::string>();
    if (!s) bad(file, item.source(), fmt::format("{} must be an array of strings", key));
    out.push_back(*s);
  }
  return out;
}

CheckConfig read_table(const std::string& file, const toml::table& table) {
  CheckConfig config;
  config.file = file;
  config.directory = fs::absolute(fs::path(file)).lexically_normal().parent_path().string();
  for (const auto& [key_view, node] : table) {
    const std::string key(key_view.str());
    if (key == "rule") {
      config.rule = name_in(file, node, key, kRules);
    } else if (key == "output-format") {
      config.output_format = name_in(file, node, key, kFormats);
    } else if (key == "exclude") {
      config.exclude = strings_in(file, node, key);
    } else if (key == "extend-exclude") {
      config.extend_exclude = strings_in(file, node, key);
    } else if (key == "respect-gitignore") {
      const std::optional<bool> b = node.value<bool>();
      if (!b) bad(file, node.source(), "respect-gitignore must be true or false");
      config.respect_gitignore = *b;
    } else {
      bad(file, key_view.source(),
          fmt::format("unknown key {} (known: rule, exclude, extend-exclude, output-format, respect-gitignore)", key));
    }
  }
  return config;
}

}  // namespace

std::optional<CheckConfig> find_check_config(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start.empty() ? fs::path(".") : fs::path(start), ec).lexically_normal();
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (;; dir = dir.parent_path()) {
    const fs::path candidate = dir / "pyproject.toml";
    if (fs::is_regular_file(candidate, ec)) {
      // Shown as reached from the working directory when it is below it.
      std::string shown = candidate.lexically_relative(fs::current_path(ec)).string();
      if (shown.empty() || shown.starts_with("..")) shown = candidate.string();
      toml::table doc;
      try {
        doc = toml::parse_file(candidate.string());
      } catch (const toml::parse_error& e) {
        throw Error(Error::Kind::Usage, fmt::format("{}:{}", shown, e.source().begin.line), "not valid TOML",
                    std::string(e.description()));
      }
      if (const toml::table* table = doc["tool"]["pep765"].as_table()) return read_table(shown, *table);
      if (doc["tool"]["pep765"]) bad(shown, doc["tool"]["pep765"].node()->source(), "[tool.pep765] must be a table");
    }
    if (dir == dir.parent_path()) return std::nullopt;
  }
}

}  // namespace pep765::cli
