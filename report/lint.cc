#include "report/lint.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "common/printable.h"
#include "common/source_line.h"
#include "common/url.h"
#include "report/report.h"
#include "report/wording.h"

namespace pep765 {

namespace {

bool wanted(const LintHit& h, const LintRequest& request) {
  if (!(request.rule == Rule::Any || (request.rule == Rule::Cpython ? h.cpython : h.exits))) return false;
  if (request.select.empty()) return true;
  const std::string_view code = lint_code(h.cpython);
  return std::find(request.select.begin(), request.select.end(), code) != request.select.end();
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

std::vector<Finding> findings(const CheckResult& result, const LintRequest& request) {
  std::vector<Finding> out;
  for (const CheckedFile& f : result.findings)
    for (const LintHit& h : f.hits)
      if (wanted(h, request)) out.push_back({&f, &h, code_point_column(source_line(f.text, h.line), h.column)});
  return out;
}

// The same hit keeps its fingerprint while lines move above it: the file, the statement and
// its line's text.
std::string fingerprint(const Finding& f) {
  const std::string key =
      f.file->path + '\0' + f.hit->statement + '\0' + trimmed(source_line(f.file->text, f.hit->line));
  return fmt::format("{:016x}", XXH3_64bits(key.data(), key.size()));
}

std::string message(const Finding& f) {
  return lint_message(f.hit->statement, f.hit->cpython) +
         (f.file->parse_failed ? "; the file does not parse, so this comes from a recovered parse" : "");
}

void write_text(const std::string& text, std::FILE* out) { std::fwrite(text.data(), 1, text.size(), out); }

void write_json(const nlohmann::json& doc, std::FILE* out) {
  write_text(doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", out);
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
    json result = {
        {"ruleId", std::string(lint_code(h.cpython))},
        {"ruleIndex", h.cpython ? 0 : 1},
        {"level", h.cpython ? "warning" : "note"},
        {"message", {{"text", message(f)}}},
        {"locations", json::array({{{"physicalLocation",
                                     {{"artifactLocation", location},
                                      {"region", {{"startLine", h.line}, {"startColumn", f.column}}}}}}})},
        {"partialFingerprints", {{"pep765/v1", fingerprint(f)}}}};
    // A hit marked intended stays in the log as suppressed in the source, as SARIF says it.
    if (!h.suppressed_by.empty())
      result["suppressions"] = json::array({{{"kind", "inSource"}, {"justification", "# " + h.suppressed_by}}});
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
  write_json(sarif, out);
}

// ruff's JSON fields, one object per hit.
void write_json_list(const std::vector<Finding>& found, std::FILE* out) {
  nlohmann::json list = nlohmann::json::array();
  for (const Finding& f : found)
    list.push_back({{"code", std::string(lint_code(f.hit->cpython))},
                    {"message", message(f)},
                    {"filename", f.file->path},
                    {"location", {{"row", f.hit->line}, {"column", f.column}}},
                    {"end_location", {{"row", f.hit->line}, {"column", f.column + std::strlen(f.hit->statement)}}},
                    {"noqa_row", f.hit->line},
                    {"url", "https://peps.python.org/pep-0765/"},
                    {"fix", nullptr}});
  write_json(list, out);
}

// GitHub's workflow command: `::warning file=...,line=...,col=...::message`, with the escapes
// its runner undoes (% CR LF in both; ':' and ',' in properties too).
std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

void write_github(const std::vector<Finding>& found, std::FILE* out) {
  for (const Finding& f : found) {
    const std::string code(lint_code(f.hit->cpython));
    fmt::print(out, "::{} title={},file={},line={},col={}::{}\n", f.hit->cpython ? "warning" : "notice",
               github_escape("pep765 (" + code + ")", true), github_escape(f.file->path, true), f.hit->line,
               f.column,
               github_escape(fmt::format("{}:{}:{}: {} {}", f.file->path, f.hit->line, f.column, code, message(f)),
                             false));
  }
}

// GitLab's Code Quality report: a JSON array of Code Climate issues.
void write_gitlab(const std::vector<Finding>& found, std::FILE* out) {
  nlohmann::json list = nlohmann::json::array();
  for (const Finding& f : found)
    list.push_back({{"type", "issue"},
                    {"check_name", std::string(lint_code(f.hit->cpython))},
                    {"description", message(f)},
                    {"categories", {"Bug Risk"}},
                    {"fingerprint", fingerprint(f)},
                    {"severity", f.hit->cpython ? "major" : "minor"},
                    {"location",
                     {{"path", f.file->path},
                      {"lines", {{"begin", f.hit->line}}},
                      {"positions", {{"begin", {{"line", f.hit->line}, {"column", f.column}}}}}}}});
  write_json(list, out);
}

// XML text and attribute values: printable (no control characters, which XML 1.0 forbids),
// then escaped as HTML is (its escapes are XML's).
std::string xml_escape(std::string_view s) { return html_escape(printable(s)); }

// JUnit XML as CI test reports read it: a test suite per file with hits, a failed test case per
// hit; with none, one passing case, so the report says the check ran.
void write_junit(const std::vector<Finding>& found, std::FILE* out) {
  std::map<std::string, std::vector<const Finding*>> by_file;
  for (const Finding& f : found) by_file[f.file->path].push_back(&f);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites name=\"pep765\" tests=\"{0}\" failures=\"{1}\" errors=\"0\">\n",
                     std::max<size_t>(found.size(), 1), found.size());
  if (found.empty())
    xml += "  <testsuite name=\"pep765\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
           "    <testcase name=\"no jump out of finally\" classname=\"pep765\"/>\n  </testsuite>\n";
  for (const auto& [path, hits] : by_file) {
    xml += fmt::format("  <testsuite name=\"{0}\" tests=\"{1}\" failures=\"{1}\" errors=\"0\">\n",
                       xml_escape(path), hits.size());
    for (const Finding* f : hits) {
      const std::string code(lint_code(f->hit->cpython));
      xml += fmt::format(
          "    <testcase name=\"{0}:{1}:{2} {3}\" classname=\"{0}\">\n"
          "      <failure type=\"{3}\" message=\"{4}\">line {1}, column {2}: {4}</failure>\n    </testcase>\n",
          xml_escape(path), f->hit->line, f->column, code, xml_escape(message(*f)));
    }
    xml += "  </testsuite>\n";
  }
  xml += "</testsuites>\n";
  write_text(xml, out);
}

// --statistics: per code, how many hits were reported and how many a comment marks intended.
void write_statistics(const std::vector<Finding>& found, LintFormat format, std::FILE* out) {
  struct Count { size_t reported = 0, suppressed = 0; };
  std::map<std::string, Count> by_code;
  for (const Finding& f : found) {
    Count& c = by_code[std::string(lint_code(f.hit->cpython))];
    (f.hit->suppressed_by.empty() ? c.reported : c.suppressed)++;
  }
  if (format == LintFormat::Json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [code, c] : by_code)
      list.push_back({{"code", code}, {"count", c.reported}, {"suppressed", c.suppressed}});
    return write_json(list, out);
  }
  for (const auto& [code, c] : by_code) {
    const char* what = code == "PEP765" ? "jump out of finally (a SyntaxWarning in Python 3.14)"
                                        : "jump out of finally from a nested loop (Python 3.14 does not warn)";
    if (c.reported) fmt::print(out, "{:5}\t{}\t{}\n", c.reported, code, what);
    if (c.suppressed) fmt::print(out, "{:5}\t{}\tsuppressed by a comment (noqa, pylint: disable)\n", c.suppressed, code);
  }
}

}  // namespace

std::string uri_reference(const std::string& path) {
  return (path.starts_with("/") ? "file://" : "") + percent_encode(path, "/");
}

LintCounts write_lint(const CheckResult& result, const LintRequest& request, std::FILE* out, std::FILE* notes) {
  LintCounts counts;
  const std::vector<Finding> all = findings(result, request);
  std::vector<Finding> reported;
  for (const Finding& f : all) {
    if (f.hit->suppressed_by.empty()) reported.push_back(f);
    else counts.suppressed++;
  }
  counts.hits = reported.size();
  for (const CheckedFile& f : result.findings) {
    if (!f.parse_failed) continue;
    counts.unparsed++;
    bool with_hits = false;
    for (const LintHit& h : f.hits) with_hits |= wanted(h, request);
    const std::string layout = !f.cpython314_error.empty() ? fmt::format(" (CPython 3.14: {})", f.cpython314_error)
                               : f.rejected_layout       ? fmt::format(" ({})", f.rejected_layout)
                                                         : "";
    if (!with_hits) {
      fmt::print(notes, "pep765: {}: not checked: cannot parse{}\n", printable(f.path), layout);
      continue;
    }
    counts.unparsed_with_hits++;
    fmt::print(notes, "pep765: {}: does not parse{}; its hits come from a recovered parse\n", printable(f.path), layout);
  }
  if (request.statistics) {
    write_statistics(all, request.format, out);
    return counts;
  }
  switch (request.format) {
    case LintFormat::Sarif: write_sarif(all, out); break;
    case LintFormat::Json: write_json_list(reported, out); break;
    case LintFormat::Github: write_github(reported, out); break;
    case LintFormat::Gitlab: write_gitlab(reported, out); break;
    case LintFormat::Junit: write_junit(reported, out); break;
    case LintFormat::Text:
      for (const Finding& f : reported)
        fmt::print(out, "{}:{}:{}: {} {}\n", printable(f.file->path), f.hit->line, f.column,
                   lint_code(f.hit->cpython), lint_message(f.hit->statement, f.hit->cpython));
  }
  return counts;
}

}  // namespace pep765
