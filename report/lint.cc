#include "report/lint.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include <map>

#include "common/printable.h"
#include "common/url.h"
#include "report/wording.h"

namespace pep765 {

namespace {

bool wanted(const LintHit& h, Rule rule) {
  return rule == Rule::Any || (rule == Rule::Cpython ? h.cpython : h.exits);
}

// Line `line` (1-based) of `text`, as analysis numbered them: after a byte order mark, with
// '\n', "\r\n" and a lone '\r' each ending a line.
std::string_view line_of(std::string_view text, uint32_t line) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  size_t start = 0;
  for (uint32_t n = 1; n < line; n++) {
    const size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) return {};
    start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  const size_t end = text.find_first_of("\r\n", start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

struct Finding {
  const CheckedFile* file;
  const LintHit* hit;
  uint32_t column;  // code points, 1-based
};

std::vector<Finding> findings(const CheckResult& result, Rule rule) {
  std::vector<Finding> out;
  for (const CheckedFile& f : result.findings)
    for (const LintHit& h : f.hits)
      if (wanted(h, rule)) out.push_back({&f, &h, code_point_column(line_of(f.text, h.line), h.column)});
  return out;
}

nlohmann::json sarif_rule(bool cpython) {
  const std::string name = cpython ? "JumpOutOfFinally" : "JumpOutOfFinallyFromNestedLoop";
  const std::string text =
      cpython ? "return, break or continue in a finally block (PEP 765: a SyntaxWarning in Python 3.14)"
              : "return inside a loop inside a finally block: it leaves the finally (Python 3.14 does not warn)";
  return {{"id", std::string(lint_code(cpython))},
          {"name", name},
          {"shortDescription", {{"text", text}}},
          {"fullDescription",
           {{"text", "A return, break or continue that leaves a finally block discards any exception in flight, "
                     "so errors raised in the try block are silently lost; a return also replaces any value "
                     "returned before it."}}},
          {"helpUri", "https://peps.python.org/pep-0765/"},
          {"defaultConfiguration", {{"level", cpython ? "warning" : "note"}}}};
}

void write_sarif(const std::vector<Finding>& found, std::FILE* out) {
  using nlohmann::json;
  json artifacts = json::array(), results = json::array();
  std::map<std::string, size_t> artifact_index;  // archives, and members under them
  auto archive_index = [&](const std::string& archive) {
    auto [it, fresh] = artifact_index.emplace(archive, artifacts.size());
    if (fresh) artifacts.push_back({{"location", {{"uri", uri_reference(archive)}}}});
    return it->second;
  };
  for (const Finding& f : found) {
    const CheckedFile& file = *f.file;
    const LintHit& h = *f.hit;
    json location;
    if (file.archive.empty()) {
      location = {{"uri", uri_reference(file.path)}};
    } else {
      const size_t parent = archive_index(file.archive);
      auto [it, fresh] = artifact_index.emplace(file.path, artifacts.size());
      if (fresh)
        artifacts.push_back({{"location", {{"uri", uri_reference(file.member)}}}, {"parentIndex", parent}});
      location = {{"uri", uri_reference(file.member)}, {"index", it->second}};
    }
    const std::string statement = h.statement;
    const std::string source = trimmed(line_of(file.text, h.line));
    const std::string key = file.path + '\0' + statement + '\0' + source;
    json result = {
        {"ruleId", std::string(lint_code(h.cpython))},
        {"ruleIndex", h.cpython ? 0 : 1},
        {"level", h.cpython ? "warning" : "note"},
        {"message", {{"text", lint_message(statement, h.cpython) +
                                  (file.parse_failed
                                       ? "; the file does not parse, so this comes from a recovered parse"
                                       : "")}}},
        {"locations", json::array({{{"physicalLocation",
                                     {{"artifactLocation", location},
                                      {"region", {{"startLine", h.line}, {"startColumn", f.column}}}}}}})},
        {"partialFingerprints", {{"pep765/v1", fmt::format("{:016x}", XXH3_64bits(key.data(), key.size()))}}}};
    results.push_back(std::move(result));
  }
  json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::array({{{"tool",
                              {{"driver",
                                {{"name", "pep765"},
                                 {"version", PEP765_VERSION},
                                 {"informationUri", "https://peps.python.org/pep-0765/"},
                                 {"rules", json::array({sarif_rule(true), sarif_rule(false)})}}}}},
                             {"columnKind", "unicodeCodePoints"},
                             {"artifacts", artifacts},
                             {"results", results}}})}};
  const std::string text = sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), out);
}

}  // namespace

uint32_t code_point_column(std::string_view line, uint32_t byte_column) {
  uint32_t column = 1;
  for (size_t i = 0; i + 1 < byte_column && i < line.size(); i++)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) column++;
  return column;
}

std::string uri_reference(const std::string& path) {
  return (path.starts_with("/") ? "file://" : "") + percent_encode(path, "/");
}

LintCounts write_lint(const CheckResult& result, Rule rule, LintFormat format, std::FILE* out, std::FILE* notes) {
  LintCounts counts;
  const std::vector<Finding> found = findings(result, rule);
  counts.hits = found.size();
  for (const CheckedFile& f : result.findings) {
    if (!f.parse_failed) continue;
    counts.unparsed++;
    bool with_hits = false;
    for (const LintHit& h : f.hits) with_hits |= wanted(h, rule);
    if (!with_hits) continue;
    counts.unparsed_with_hits++;
    fmt::print(notes, "pep765: {}: does not parse{}; its hits come from a recovered parse\n", printable(f.path),
               f.rejected_layout ? fmt::format(" ({})", f.rejected_layout) : "");
  }
  if (format == LintFormat::Sarif) {
    write_sarif(found, out);
    return counts;
  }
  for (const Finding& f : found)
    fmt::print(out, "{}:{}:{}: {} {}\n", printable(f.file->path), f.hit->line, f.column, lint_code(f.hit->cpython),
               lint_message(f.hit->statement, f.hit->cpython));
  return counts;
}

}  // namespace pep765
