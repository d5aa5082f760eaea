#include "cli/options.h"

#include <fmt/format.h>

#include <cstdio>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace pep765::cli {

namespace {

// A real calendar date, YYYY-MM-DD, or a UTC time YYYY-MM-DDTHH:MM:SS[Z]: "" or why not.
std::string check_date(const std::string& text) {
  int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
  char tail[8] = {};
  const bool date_only = text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d%1s", &y, &m, &d, tail) == 3;
  const bool with_time = (text.size() == 19 || (text.size() == 20 && text.back() == 'Z')) &&
                         std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &m, &d, &hh, &mm, &ss) == 6;
  if (!date_only && !with_time) return "a date YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SSZ), not '" + text + "'";
  for (size_t i : {4u, 7u})
    if (text[i] != '-') return "a date YYYY-MM-DD, not '" + text + "'";
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1990 || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap) || hh > 23 || mm > 59 ||
      ss > 59)
    return "a real date, not '" + text + "'";
  return "";
}

// "5G" -> 5 * 2^30: the byte count, or nullopt when the text is none (or overflows).
std::optional<uint64_t> parse_bytes(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') digits++;
  if (digits == 0 || digits > 19 || text.size() > digits + 1) return std::nullopt;
  uint64_t value = std::stoull(text.substr(0, digits));
  if (digits == text.size()) return value;
  static const std::string kSuffixes = "KMGT";
  const size_t power = kSuffixes.find(char(std::toupper(static_cast<unsigned char>(text.back()))));
  if (power == std::string::npos) return std::nullopt;
  for (size_t i = 0; i <= power; i++) {
    if (value > UINT64_MAX / 1024) return std::nullopt;
    value *= 1024;
  }
  return value;
}

}  // namespace

std::vector<std::string> split_dates(const std::string& text) {
  std::vector<std::string> out;
  for (size_t start = 0; start <= text.size();) {
    const size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

const CLI::Validator kDates(
    [](const std::string& text) -> std::string {
      for (const std::string& date : split_dates(text))
        if (std::string why = check_date(date); !why.empty()) return why;
      return "";
    },
    "DATE[,DATE...]");

CLI::Validator at_least(long long low) {
  return CLI::Validator(
      [low](const std::string& text) -> std::string {
        long long v = 0;
        size_t used = 0;
        try {
          v = std::stoll(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != text.size() || text.empty() || v < low)
          return fmt::format("a whole number of at least {}, not '{}'", low, text);
        return "";
      },
      low > 0 ? "N>0" : "N");
}

CLI::Option* add_bytes_option(CLI::App* cmd, const std::string& name, uint64_t& target, const std::string& description) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [&target, name](const std::string& text) {
            const std::optional<uint64_t> bytes = parse_bytes(text);
            if (!bytes) throw CLI::ValidationError(name, "a byte count (digits, or with K, M, G or T), not '" + text + "'");
            target = *bytes;
          },
          description)
      ->type_name("BYTES")
      ->default_str(std::to_string(target));
}

void add_shard_option(CLI::App* cmd, Shard& shard) {
  cmd->add_option_function<std::string>(
         "--shard",
         [&shard](const std::string& text) {
           std::string why;
           auto s = parse_shard(text, why);
           if (!s) throw CLI::ValidationError("--shard", why + ", not '" + text + "'");
           shard = *s;
         },
         "Only shard K of N (1-based) of the packages, by a stable hash of the name")
      ->type_name("K/N");
}

void add_cpython314_option(CLI::App* cmd, std::string& dir) {
  if (const char* env = std::getenv("PEP765_PYODIDE")) dir = env;
  cmd->add_option("--cpython314", dir,
                  "A pyodide install (DIR/node_modules/pyodide): CPython 3.14 gives its verdict on the files "
                  "tree-sitter rejects (default: $PEP765_PYODIDE; none: tree-sitter's verdict stands)")
      ->check(CLI::ExistingDirectory);
}

std::vector<std::pair<std::string, Rule>> rule_choices(std::vector<Rule> rules) {
  std::vector<std::pair<std::string, Rule>> out;
  for (Rule r : rules) out.emplace_back(rule_name(r), r);
  return out;
}

std::vector<std::pair<std::string, LineDefinition>> line_definition_choices() {
  std::vector<std::pair<std::string, LineDefinition>> out;
  for (LineDefinition d : {LineDefinition::Physical, LineDefinition::Parsed, LineDefinition::Study})
    out.emplace_back(line_definition_name(d), d);
  return out;
}

}  // namespace pep765::cli
