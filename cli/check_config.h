// check's configuration file: the `[tool.pep765]` table of the nearest pyproject.toml, as ruff
// reads `[tool.ruff]`. Validated here, once: a file that is not TOML, an unknown key or a
// value of the wrong type or name is a usage error naming the file, the line and the reason.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace pep765::cli {

struct CheckConfig {
  std::string file;       // the pyproject.toml read
  std::string directory;  // its directory (absolute): where its exclude patterns are anchored
  std::optional<std::string> rule;           // cpython | exits | any
  std::optional<std::vector<std::string>> exclude;
  std::vector<std::string> extend_exclude;
  std::optional<std::string> output_format;  // text | json | sarif | github | gitlab | junit
  std::optional<bool> respect_gitignore;
};

// The nearest pyproject.toml with a [tool.pep765] table, from `start` (a directory, or the
// directory of a file) up to the root; nullopt when there is none. Every pyproject.toml on the
// way is parsed: a malformed one throws (pep765::Error of Kind::Usage).
std::optional<CheckConfig> find_check_config(const std::string& start);

}  // namespace pep765::cli
