#include "report/breakdowns.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "build_info.h"
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

void add_provenance(Census& census, const ReportOptions& o, Report& r) {
  Provenance& p = r.provenance;
  // The report's maker as a reader can find it again (its commit, the grammar), and the store by
  // its file name: the folder it sat in on the machine that wrote the report says nothing.
  p.tool = fmt::format("pep765 {} (commit {}; grammar {})", PEP765_VERSION, kBuildCommit, kGrammar);
  p.store = std::filesystem::path(o.db_path).filename().string();
  p.rule = rule_definition(o.rule);
  p.lines = line_definition(o.loc);
  for (const Selection& s : selections(census))
    p.selections.push_back({s.kind, s.source, absent_if_empty(s.list_date), s.seed, s.size, s.index_url,
                            absent_if_empty(s.as_of), s.created_at, s.pick});
  for (const ReadCostFigures& c : read_costs(census))
    p.read_costs.push_back({c.kind, c.files, c.declared_bytes, c.read_bytes, c.requests, c.by_ranges,
                            c.refused_ranges, c.unrecorded, c.members_left_out, c.bytes_left_out});
  auto span = [](const TimeSpan& s) { return Provenance::Span{absent_if_empty(s.first), absent_if_empty(s.last)}; };
  p.fetched = span(fetched_span(census));
  p.analyzed = span(analyzed_span(census));
  p.analysis_versions = analysis_versions(census);
  const CpythonVerdicts verdicts = cpython_verdicts(census);
  p.cpython314_asked = verdicts.asked;
  p.grammar_rejects_unconfirmed = verdicts.grammar_rejects_unconfirmed;
  p.cpython314_version = absent_if_empty(verdicts.interpreter);
}

void add_breakdowns(Census& census, const ReportOptions& o, const std::vector<const HitRecord*>& unique_hits,
                    Report& r) {
  // Contents are counted once per package and once per band (sql/census.h).
  const LineDefinition loc = o.loc;
  for (const BandFigures& b : rank_band_rows(census, loc)) {
    const RankBand& band = kRankBands[b.band];
    r.by_rank_band.push_back({band.label, band.low, band.high, b.packages,
                              {rate_figure(b.cpython, b.lines), rate_figure(b.exits, b.lines)}});
  }
  for (const PackageFigures& p : package_rows(census, loc))
    r.per_package.push_back({p.project, absent_if_empty(p.release), p.rank, p.artifacts, p.files, p.lines,
                             p.cpython, p.exits});
  // Both rules over the same lines (a content shared by two packages counts in each package's
  // row but once here).
  const int64_t all_lines = r.rate.lines;
  r.by_rule = {rate_figure(r.hits.cpython, all_lines), rate_figure(r.hits.exits, all_lines)};
  std::map<std::string, int64_t> patterns;
  for (const HitRecord* h : unique_hits)
    patterns[h->triage.pattern == Pattern::None ? "other" : pattern_name(h->triage.pattern)]++;
  for (const auto& [pattern, n] : patterns) r.by_pattern_rate[pattern] = rate_figure(n, all_lines);
}

}  // namespace pep765
