// What every group of commands shares on the command line: the checks of dates, whole numbers
// and shards, the CPython 3.14 option, and choices parsed once into enums. Each value is
// checked here, once; a failed check is a usage error naming the option and the value.
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/choices.h"
#include "common/shard.h"

namespace pep765::cli {

// --as-of: one real calendar date YYYY-MM-DD (or a UTC time YYYY-MM-DDTHH:MM:SS[Z]), or
// several, comma-separated.
extern const CLI::Validator kDates;
std::vector<std::string> split_dates(const std::string& text);

// Whole numbers from `low` up, with a message a person reads at once.
CLI::Validator at_least(long long low);

// A byte count: a whole number, or one with a suffix K, M, G or T (powers of 1024: 5G is
// 5 * 2^30 bytes), parsed into `target` when given.
CLI::Option* add_bytes_option(CLI::App* cmd, const std::string& name, uint64_t& target, const std::string& description);

// --shard K/N, checked when given.
void add_shard_option(CLI::App* cmd, Shard& shard);

// --cpython314 DIR (default: $PEP765_PYODIDE): where pyodide is, for CPython 3.14's verdict on
// the files tree-sitter rejects. Empty: tree-sitter's verdict stands.
void add_cpython314_option(CLI::App* cmd, std::string& dir);

// A choice among names, parsed once into `target`; the help shows the names and, when
// `target` holds one of them, it as the default.
template <class Enum>
CLI::Option* add_choice(CLI::App* cmd, const std::string& name, Enum& target,
                        std::vector<std::pair<std::string, Enum>> choices, const std::string& description) {
  std::vector<std::string> names;
  std::string default_name;
  for (const auto& [text, value] : choices) {
    names.push_back(text);
    if (value == target && default_name.empty()) default_name = text;
  }
  auto take = [&target, choices](const std::string& text) {
    for (const auto& [choice, value] : choices)
      if (text == choice) target = value;
  };
  CLI::Option* option = cmd->add_option_function<std::string>(name, take, description)->check(CLI::IsMember(names));
  if (!default_name.empty()) option->default_str(default_name);
  return option;
}

// The rules a command offers, by the names common/choices.h gives them.
std::vector<std::pair<std::string, Rule>> rule_choices(std::vector<Rule> rules);
std::vector<std::pair<std::string, LineDefinition>> line_definition_choices();

}  // namespace pep765::cli
