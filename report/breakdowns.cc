#include "report/breakdowns.h"

#include <fmt/format.h>

#include <map>

#include "common/choices.h"
#include "sql/census.h"
#include "report/stats.h"

namespace pep765 {

namespace {

const char* line_definition(LineDefinition loc) {
  if (loc == LineDefinition::Physical) return "physical lines: newlines, plus one for a last line without one, in every .py file";
  if (loc == LineDefinition::Parsed) return "physical lines of the .py files that parse (CPython 3.14's verdict where it was asked)";
  return "the study's count: newlines + 1 in each .py file that parses";
}

const char* rule_definition(Rule rule) {
  if (rule == Rule::Cpython)
    return "cpython: what CPython 3.14 warns about (a finally, a loop body and a function body each open a context; "
           "a return, break or continue is flagged when the innermost is a finally)";
  return "exits: the jump really leaves the finally (return: the nearest finally-or-function is a finally; "
         "break/continue: the nearest finally-or-loop-body is a finally)";
}

}  // namespace

void add_provenance(Census& census, const ReportOptions& o, nlohmann::json& r) {
  nlohmann::json p;
  p["tool"] = fmt::format("pep765 {}", PEP765_VERSION);
  p["store"] = o.db_path;
  p["rule"] = rule_definition(o.rule);
  p["lines"] = line_definition(o.loc);
  nlohmann::json listed = nlohmann::json::array();
  for (const Selection& s : selections(census))
    listed.push_back({{"kind", s.kind}, {"list", s.source}, {"list_date", s.list_date}, {"seed", s.seed},
                      {"size", s.size}, {"index_url", s.index_url}, {"as_of", s.as_of}, {"made", s.created_at}});
  p["selections"] = listed;
  auto span = [](const TimeSpan& s) { return nlohmann::json{{"first", s.first}, {"last", s.last}}; };
  p["fetched"] = span(fetched_span(census));
  p["analyzed"] = span(analyzed_span(census));
  p["analysis_versions"] = analysis_versions(census);
  const CpythonVerdicts verdicts = cpython_verdicts(census);
  p["cpython314"] = {{"asked", verdicts.asked}, {"grammar_rejects_unconfirmed", verdicts.grammar_rejects_unconfirmed}};
  r["provenance"] = p;
}

void add_breakdowns(Census& census, const ReportOptions& o, const std::vector<const HitRecord*>& unique_hits,
                    nlohmann::json& r) {
  // Contents are counted once per package and once per band (sql/census.h).
  const LineDefinition loc = o.loc;
  nlohmann::json by_band = nlohmann::json::array();
  for (const BandFigures& b : rank_band_rows(census, loc)) {
    const RankBand& band = kRankBands[b.band];
    by_band.push_back({{"band", band.label}, {"low", band.low}, {"high", band.high}, {"packages", b.packages},
                       {"cpython", rate_json(b.cpython, b.lines)}, {"exits", rate_json(b.exits, b.lines)}});
  }
  r["by_rank_band"] = by_band;
  nlohmann::json per_package = nlohmann::json::array();
  for (const PackageFigures& p : package_rows(census, loc))
    per_package.push_back({{"package", p.project}, {"version", p.release}, {"rank", p.rank},
                           {"artifacts", p.artifacts}, {"files", p.files}, {"lines", p.lines},
                           {"hits", {{"cpython", p.cpython}, {"exits", p.exits}}}});
  r["per_package"] = per_package;
  // Both rules over the same lines (a content shared by two packages counts in each package's
  // row but once here).
  const int64_t all_lines = r["rate"]["lines"].get<int64_t>();
  int64_t unique_cpython = r["hits"]["by_rule"]["cpython"].get<int64_t>();
  int64_t unique_exits = r["hits"]["by_rule"]["exits"].get<int64_t>();
  r["by_rule"] = {{"cpython", rate_json(unique_cpython, all_lines)}, {"exits", rate_json(unique_exits, all_lines)}};
  std::map<std::string, int64_t> patterns;
  for (const HitRecord* h : unique_hits)
    patterns[h->triage.pattern == Pattern::None ? "other" : pattern_name(h->triage.pattern)]++;
  nlohmann::json by_pattern = nlohmann::json::object();
  for (const auto& [pattern, n] : patterns) by_pattern[pattern] = rate_json(n, all_lines);
  r["by_pattern_rate"] = by_pattern;
}

}  // namespace pep765
