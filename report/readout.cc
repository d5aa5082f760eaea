#include "report/readout.h"

#include "sql/not_counted.h"

#include <fmt/format.h>

#include "common/timings.h"
#include "report/layout.h"
#include "report/hits.h"
#include "report/layout.h"
#include "sql/census.h"
#include "sql/hit_rows.h"

namespace pep765 {

namespace {

// TSV fields cannot hold tabs or line breaks: escape them (and the backslash) the usual way.
std::string tsv_field(const std::string& s) {
  return escape_chars(s, {{'\t', "\\t"}, {'\n', "\\n"}, {'\r', "\\r"}, {'\\', "\\\\"}});
}

}  // namespace

void print_hits(const std::string& db_path, Rule rule, std::FILE* out) {
  ScopedTimer t("hits");
  Census census(db_path);
  fmt::print(out, "artifact\tpath\tline\tcolumn\tstatement\tcpython\texits\n");
  for (const HitPlace& h : hit_places(census, rule))
    fmt::print(out, "{}\t{}\t{}\t{}\t{}\t{}\t{}\n", tsv_field(h.artifact), tsv_field(h.path), h.line,
               character_column(h.try_source, int(h.try_line), int(h.line), int(h.column)), h.statement, int(h.cpython),
               int(h.exits));
}

namespace {

nlohmann::json line_json(const LineFigures& f) {
  return nlohmann::json{
      {"files", f.files},
      {"bytes", f.bytes},
      {"lines", f.lines},
      {"lines_parse_ok", f.lines_parse_ok},
      {"lines_parse_error", f.lines_parse_error},
      {"lines_not_parsed", f.lines_not_parsed},
      {"study_lines", f.study_lines},
      {"files_by_parse", {{"ok", f.files_parse_ok}, {"error", f.files_parse_error}, {"skipped", f.files_skipped},
                          {"too_large", f.files_too_large}}},
  };
}

nlohmann::json hits_json(const HitCounts& h) {
  return nlohmann::json{{"cpython", h.cpython},
                        {"exits", h.exits},
                        {"any", h.any},
                        {"in_erroneous_parse", h.in_erroneous_parse},
                        {"by_statement", {{"return", h.returns}, {"break", h.breaks}, {"continue", h.continues}}}};
}

}  // namespace

nlohmann::json summary(Census& census) {
  ScopedTimer t("summary");
  nlohmann::json s;
  s["store"] = census.path();

  nlohmann::json artifacts = {{"total", 0}, {"ok", 0}, {"partial", 0}, {"failed", 0}};
  for (const ArtifactStatusCount& a : artifact_statuses(census)) {
    artifacts[a.status] = a.count;
    artifacts["total"] = artifacts["total"].get<int64_t>() + a.count;
  }
  s["artifacts"] = artifacts;

  // Line figures per artifact (every copy) and unique (each content once), only of what the
  // census counts (sql/census.h): a release the index has since replaced stays in the store
  // but out of the figures.
  s["per_artifact"] = line_json(line_figures(census, Copies::PerArtifact));
  s["unique"] = line_json(line_figures(census, Copies::Unique));
  s["per_artifact"]["hits"] = hits_json(hit_counts(census, Copies::PerArtifact));
  s["unique"]["hits"] = hits_json(hit_counts(census, Copies::Unique));

  // The headline figures, flat: per artifact (every copy), and unique (each content once).
  for (const char* block : {"per_artifact", "unique"}) {
    const nlohmann::json& b = s[block];
    const std::string prefix = std::string(block) == "unique" ? "unique_" : "";
    s[prefix + "files"] = b["files"];
    s[prefix + "lines"] = b["lines"];
    s[prefix + "lines_in_files_that_parse"] = b["lines"].get<int64_t>() - b["lines_parse_error"].get<int64_t>();
    s[prefix + "study_lines"] = b["study_lines"];
    s[prefix + "hits"] = {{"cpython", b["hits"]["cpython"]}, {"exits", b["hits"]["exits"]}, {"any", b["hits"]["any"]}};
  }
  s["archives"] = artifacts["total"];
  // Each selection with its pick rule and its own figures (physical lines; cpython rule).
  s["selections"] = nlohmann::json::array();
  for (const Selection& x : selections(census)) {
    const SelectionFigures f = selection_figures(census, x.id, LineDefinition::Physical, Rule::Cpython);
    s["selections"].push_back({{"id", x.id}, {"kind", x.kind}, {"source", x.source}, {"list_date", x.list_date},
                               {"seed", x.seed}, {"size", x.size}, {"as_of", x.as_of}, {"pick", x.pick},
                               {"artifacts", f.artifacts}, {"lines", f.lines}, {"hits", f.hits}});
  }
  // What reading it cost, per kind (index pages, sdists, wheels).
  s["read_costs"] = nlohmann::json::array();
  for (const ReadCostFigures& c : read_costs(census))
    s["read_costs"].push_back({{"kind", c.kind}, {"files", c.files}, {"declared_bytes", c.declared_bytes},
                               {"read_bytes", c.read_bytes}, {"requests", c.requests}, {"by_ranges", c.by_ranges},
                               {"refused_ranges", c.refused_ranges}, {"unrecorded", c.unrecorded},
                               {"members_left_out", c.members_left_out}, {"bytes_left_out", c.bytes_left_out}});
  // What was read but not analyzed in full, by reason, with the first few names: the files a
  // rate's lines stand on are exactly the ones not listed here.
  s["not_counted"] = nlohmann::json::array();
  for (const NotCounted& n : not_counted(census))
    s["not_counted"].push_back({{"reason", n.reason}, {"meaning", n.meaning}, {"count", n.count}, {"examples", n.examples}});
  return s;
}

std::string read_cost_line(const nlohmann::json& summary) {
  std::vector<Provenance::ReadCost> costs;
  for (const auto& c : summary["read_costs"])
    costs.push_back({c["kind"].get<std::string>(), c["files"].get<int64_t>(), c["declared_bytes"].get<int64_t>(),
                     c["read_bytes"].get<int64_t>(), c["requests"].get<int64_t>(), c["by_ranges"].get<int64_t>(),
                     c["refused_ranges"].get<int64_t>(), c["unrecorded"].get<int64_t>(),
                     c["members_left_out"].get<int64_t>(), c["bytes_left_out"].get<int64_t>()});
  return read_cost_words(costs);
}

nlohmann::json summary(const std::string& db_path) {
  Census census(db_path);
  return summary(census);
}

int64_t stored_hits(const std::string& db_path) {
  Census census(db_path);
  return stored_cpython_hits(census);
}

}  // namespace pep765
