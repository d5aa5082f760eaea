#include "report/report.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include "common/printable.h"
#include "common/timings.h"
#include "report/breakdowns.h"
#include "report/drafts.h"
#include "report/hits.h"
#include "report/layout.h"
#include "report/picks.h"
#include "report/stats.h"
#include "common/choices.h"
#include "sql/census.h"
#include "sql/not_counted.h"

namespace pep765 {

namespace {

std::string num(int64_t n) { return thousands(n); }

// What a selection listed, what the index had (found), what the census counts, and each
// project left out with the reason, so a reader sees exactly what the figures rest on.
void account_for_selection(Census& census, SelectionRow& x) {
  for (const SelectionMember& m : selection_members(census, x.id)) {
    x.listed++;
    const std::string& status = m.status;
    if (status == "found") x.found++;
    if (status == "found" && m.counted) {
      x.counted++;
      continue;
    }
    std::string why;
    if (status == "not_found") why = "not on the index";
    else if (status == "listed") why = "not looked up yet (the fetch did not reach it)";
    else if (status != "found") why = m.reason.empty() ? status : m.reason;
    else if (m.not_done) why = "no file downloaded: " + *m.not_done;
    else if (m.downloaded) why = "downloaded, not analyzed yet";
    else why = "no file fetched";
    x.left_out.push_back({m.project, status, why});
  }
}

void add_totals(Census& census, Report& r) {
  for (const ArtifactStatusCount& a : artifact_statuses(census)) {
    r.artifacts_total += a.count;
    if (a.status == "ok") r.artifacts_ok = a.count;
    if (a.status == "partial") r.artifacts_partial = a.count;
    if (a.status == "failed") r.artifacts_failed = a.count;
  }
  const LineFigures u = line_figures(census, Copies::Unique), pa = line_figures(census, Copies::PerArtifact);
  r.files_unique = u.files;
  r.files_per_artifact = pa.files;
  auto lines_of = [](const LineFigures& f) { return LineCounts{f.lines, f.lines - f.lines_parse_error, f.study_lines}; };
  r.lines_unique = lines_of(u);
  r.lines_per_artifact = lines_of(pa);
  r.parse = {u.files_parse_ok, u.files_parse_error, u.files_skipped, u.files_too_large,
             u.lines_parse_ok, u.lines_parse_error, u.lines_not_parsed};
  r.unparsed_files = u.files_parse_error;
  r.unparsed_lines = u.lines_parse_error;
}

void count_statement(ByStatement& s, const std::string& statement) {
  if (statement == "return") s.returns++;
  if (statement == "break") s.breaks++;
  if (statement == "continue") s.continues++;
}

// Each unique hit under the report's rule at its first place (best rank, sdist order), the
// totals over them, and the packages with most hits.
std::vector<const HitRecord*> add_hits(const ReportOptions& o, const std::vector<HitRecord>& records, Report& r) {
  std::set<std::string> first, under_cpython, under_exits;  // hits under each rule, whichever one counts
  for (const HitRecord& h : records) {
    if (h.cpython) under_cpython.insert(h.unique_key());
    if (h.exits) under_exits.insert(h.unique_key());
  }
  std::vector<const HitRecord*> unique;
  HitTotals& t = r.hits;
  for (const HitRecord& h : records) {
    if (!(o.rule == Rule::Cpython ? h.cpython : h.exits)) continue;
    t.per_artifact++;
    if (first.insert(h.unique_key()).second) unique.push_back(&h);
  }
  std::map<std::string, TopPackage> per_package;
  for (const HitRecord* h : unique) {
    t.by_category.add(h->triage.category);
    count_statement(t.by_statement, h->statement);
    if (h->triage.pattern != Pattern::None) t.by_pattern[pattern_name(h->triage.pattern)]++;
    t.in_tests += is_test_path(h->package_path);
    t.in_erroneous_parse += h->erroneous_parse;
    t.triaged_by_person += h->triaged_by_person;
    t.marks_read += h->noqa.has_value();
    t.marked_in_code += h->noqa && !h->noqa->empty();
    TopPackage& pkg = per_package[h->package];
    pkg.package = h->package;
    pkg.version = absent_if_empty(h->version);
    pkg.rank = h->rank;
    pkg.hits++;
    pkg.bugs += h->triage.category == Category::Bug;
    r.hit_list.push_back({h->package, absent_if_empty(h->version), h->rank, h->artifact, h->path, h->line, h->column,
                          h->statement, h->cpython, h->exits, category_name(h->triage.category),
                          absent_if_empty(pattern_name(h->triage.pattern)), absent_if_empty(h->note), h->triage.reason,
                          h->scope, h->triage.evidence, h->erroneous_parse, absent_if_empty(h->repository_url), h->snippet(), h->try_line,
                          absent_if_empty(inspector_link(*h)), absent_if_empty(h->noqa.value_or(""))});
  }
  t.unique = int64_t(unique.size());
  t.outside_tests = t.unique - t.in_tests;
  t.cpython = int64_t(under_cpython.size());
  t.exits = int64_t(under_exits.size());
  for (auto& [name, p] : per_package) r.top_packages.push_back(p);
  std::stable_sort(r.top_packages.begin(), r.top_packages.end(),
                   [](const TopPackage& a, const TopPackage& b) { return a.hits > b.hits; });
  if (r.top_packages.size() > 20) r.top_packages.resize(20);
  return unique;
}

void add_study(Report& r) {
  StudyRow& s = r.pep765_study;
  s.top_label = "PEP 765: top 8,000 packages";
  s.random_label = "PEP 765: random sample";
  s.top_packages = 8000;
  s.top_rate = rate_figure(PepStudy::top_hits, PepStudy::top_lines);
  s.random_rate = rate_figure(PepStudy::random_hits, PepStudy::random_lines);
  s.top_by_category = {PepStudy::top_test, PepStudy::top_intentional, PepStudy::top_bug};
}

// Per selection (a top-N list, a random draw): the same figures over its packages only.
void add_selections(Census& census, const ReportOptions& o, Report& r) {
  for (const Selection& sel : pep765::selections(census)) {
    const SelectionFigures fig = selection_figures(census, sel.id, o.loc, o.rule);
    const std::string as_of = (sel.as_of.empty() ? "" : ", as of " + sel.as_of) + (sel.pick == "study" ? ", study pick" : "");
    SelectionRow x;
    x.id = sel.id;
    x.kind = sel.kind;
    x.label = sel.kind == "top"
        ? fmt::format("top {} (list of {}{})", sel.size, sel.list_date.empty() ? "?" : sel.list_date.substr(0, 10), as_of)
        : fmt::format("random {} (seed {}{})", sel.size, sel.seed, as_of);
    x.source = sel.source;
    x.list_date = absent_if_empty(sel.list_date);
    x.seed = sel.seed;
    x.size = sel.size;
    x.replaced = fig.replaced;
    x.artifacts = fig.artifacts;
    x.rate = rate_figure(fig.hits, fig.lines);
    x.pick = sel.pick;
    account_for_selection(census, x);
    r.selections.push_back(std::move(x));
  }
}

int64_t lines_under(const LineCounts& lines, LineDefinition loc) {
  return loc == LineDefinition::Physical ? lines.physical : loc == LineDefinition::Parsed ? lines.parsed : lines.study;
}

const Quote kTextQuote{[](const std::string& s) { return s; }, [](const std::string& s) { return s; }};

const Quote kMarkdownQuote{markdown_cell, markdown_cell};

// The category rows of the summary: this census's count beside the PEP's top 8,000, each
// named also in the study's words; review, which the study had not, apart with no figure of theirs.
struct CategoryRow {
  std::string category;
  int64_t ours;
  std::string theirs;
};
std::vector<CategoryRow> category_rows(const Report& r) {
  const ByCategory &c = r.hits.by_category, &pep = r.pep765_study.top_by_category;
  auto label = [](Category k) { return fmt::format("{} ({})", category_name(k), study_term(k)); };
  return {{label(Category::Test), c.test, num(pep.test)},
          {label(Category::Intentional), c.intentional, num(pep.intentional)},
          {label(Category::Bug), c.bug, num(pep.bug)},
          {"review (apart: not in the study)", c.review, "-"}};
}

// Text and markdown show outside text with its control characters and invalid bytes as \xNN
// (common/printable.h): a copy with every string so, made through the JSON form, which holds
// every string the report has.
Report printable_copy(const Report& r) {
  nlohmann::json doc = to_json(r);
  make_printable(doc);
  return from_json(doc);
}

std::string rank_text(int64_t rank) { return rank ? std::to_string(rank) : "-"; }

}  // namespace

Report build_report(const ReportOptions& o) {
  ScopedTimer t("build report");
  if (o.rule == Rule::Any) throw std::runtime_error("--rule takes cpython or exits");
  Census census(o.db_path);
  std::vector<HitRecord> records = load_hit_records(census);

  Report r;
  r.store = std::filesystem::path(o.db_path).filename().string();  // no folder of this machine
  r.rule = rule_name(o.rule);
  r.loc = line_definition_name(o.loc);
  // Packages: by their fetch record, else by the archive's name.
  std::set<std::string> packages;
  for (const CountedArtifact& a : counted_artifacts(census)) packages.insert(a.project);
  r.packages = int64_t(packages.size());
  add_totals(census, r);
  const std::vector<const HitRecord*> unique = add_hits(o, records, r);
  r.rate = rate_figure(r.hits.unique, lines_under(r.lines_unique, o.loc));
  add_study(r);
  for (const UnparsedFile& f : unparsed_files(census, 50))
    r.unparsed_examples.push_back({f.artifact, f.path, f.lines, absent_if_empty(f.notes)});
  for (const UnreadableArtifact& a : unreadable_artifacts(census, 50))
    r.unreadable_artifacts.push_back({a.artifact, a.status, a.error});
  for (NotCounted& n : not_counted(census))
    r.not_counted.push_back({std::move(n.reason), std::move(n.meaning), n.count, std::move(n.examples)});
  add_provenance(census, o, r);
  add_breakdowns(census, o, unique, r);
  add_selections(census, o, r);
  r.pick_comparisons = compare_picks(census, o.loc, records);
  return r;
}

// A reason's first few examples, as one line.
static std::string join_examples(const std::vector<std::string>& examples) {
  std::string out;
  for (const std::string& e : examples) out += (out.empty() ? "" : "; ") + e;
  return out;
}

std::string render_text(const Report& r) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  const StudyRow& pep = r.pep765_study;
  line(fmt::format("pep765 report: {} (rule: {}, lines: {})", r.store, r.rule, r.loc));
  line("");
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "", "this census", "PEP 765 top 8,000", "PEP 765 random"));
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "packages", num(r.packages), num(pep.top_packages), "-"));
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "lines", num(r.rate.lines), num(pep.top_rate.lines),
                   num(pep.random_rate.lines)));
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "hits", num(r.hits.unique), num(pep.top_rate.hits),
                   num(pep.random_rate.hits)));
  line(fmt::format("{:<22}{:>26}{:>26}{:>26}", "per million lines", rate_text(r.rate), rate_text(pep.top_rate),
                   rate_text(pep.random_rate)));
  for (const auto& [c, ours, theirs] : category_rows(r))
    line(fmt::format("{:<36}{:>12}{:>26}{:>26}", fmt::format("  {}", c), num(ours), theirs, "-"));
  line("  (rates: hits per million lines with a 95% exact Poisson interval)");
  if (const std::string note = pep_lines_note(r); !note.empty()) line("  (" + note + ")");
  line("");
  const Provenance& p = r.provenance;
  line("how this census was made:");
  std::string versions;
  for (int64_t v : p.analysis_versions) versions += (versions.empty() ? "" : ", ") + std::to_string(v);
  line(fmt::format("  {}; store {}; analysis version {}", p.tool, p.store, versions.empty() ? "-" : versions));
  for (const std::string& item : provenance_items(p, kTextQuote)) line("  " + item);
  line("");
  line("both rules, and by rank band (a package counts in the band of its best rank in a top list):");
  line(fmt::format("  {:<20}{:>10}{:>14}{:>9}{:>34}{:>9}{:>34}", "", "packages", "lines", "cpython", "per million lines",
                   "exits", "per million lines"));
  for (const BandLine& b : band_lines(r))
    line(fmt::format("  {:<20}{:>10}{:>14}{:>9}{:>34}{:>9}{:>34}", b.label, num(b.packages), num(b.rate.cpython.lines),
                     num(b.rate.cpython.hits), rate_text(b.rate.cpython), num(b.rate.exits.hits), rate_text(b.rate.exits)));
  line("");
  if (!r.by_pattern_rate.empty()) {
    line(fmt::format("by pattern ({} rule):", r.rule));
    for (const auto& [pattern, rate] : r.by_pattern_rate)
      line(fmt::format("  {:<28}{:>9}{:>34}", pattern, num(rate.hits), rate_text(rate)));
    line("");
  }
  if (!r.selections.empty()) {
    line("by selection (listed: in the list or sample; found: on the index with a usable release; counted: analyzed):");
    line(fmt::format("  {:<40}{:>8}{:>8}{:>9}{:>14}{:>8}{:>26}", "", "listed", "found", "counted", "lines", "hits",
                     "per million lines"));
    for (const SelectionLine& x : selection_lines(r))
      line(fmt::format("  {:<40}{:>8}{:>8}{:>9}{:>14}{:>8}{:>26}", x.label, x.listed, x.found, x.counted, x.lines,
                       x.hits, rate_text(x.rate)));
    line("");
    for (const SelectionRow& x : r.selections) {
      if (x.left_out.empty()) continue;
      // Grouped by reason, so 6,000 projects missing from a mirror read as one line.
      std::map<std::string, std::vector<std::string>> by_reason;
      for (const LeftOut& o : x.left_out) by_reason[o.reason].push_back(o.package);
      line(fmt::format("left out of {}: {}", x.label, num(int64_t(x.left_out.size()))));
      for (const auto& [why, names] : by_reason) {
        std::string shown;
        for (size_t i = 0; i < names.size() && i < 10; i++) shown += (i ? ", " : "") + names[i];
        if (names.size() > 10) shown += fmt::format(", ... ({} more; all in --format json)", names.size() - 10);
        line(fmt::format("  {} ({}): {}", why, num(int64_t(names.size())), shown));
      }
      line("");
    }
  }
  for (const PickComparison& c : r.pick_comparisons) line(render_pick_comparison_text(c));
  const LineCounts& lu = r.lines_unique;
  const LineCounts& lp = r.lines_per_artifact;
  line(fmt::format("lines (unique / per artifact): physical {} / {}; in files that parse {} / {}; study's count {} / {}",
                   num(lu.physical), num(lp.physical), num(lu.parsed), num(lp.parsed), num(lu.study), num(lp.study)));
  line(fmt::format("artifacts {} ({} ok, {} partial, {} failed); files {} unique, {} per artifact",
                   num(r.artifacts_total), num(r.artifacts_ok), num(r.artifacts_partial), num(r.artifacts_failed),
                   num(r.files_unique), num(r.files_per_artifact)));
  const HitTotals& h = r.hits;
  line(fmt::format("hits: {} unique, {} per artifact (by rule: cpython {}, exits {}); return {}, break {}, continue {}; "
                   "in test code {}, outside {}; in files that do not parse {}; triaged by a person {}",
                   num(h.unique), num(h.per_artifact), num(h.cpython), num(h.exits), num(h.by_statement.returns),
                   num(h.by_statement.breaks), num(h.by_statement.continues), num(h.in_tests), num(h.outside_tests),
                   num(h.in_erroneous_parse), num(h.triaged_by_person)));
  if (const std::string marked = marked_in_code_words(h); !marked.empty()) line("hits " + marked);
  if (!h.by_pattern.empty()) {
    std::string shown;
    for (const auto& [pattern, n] : h.by_pattern) shown += fmt::format("{}{} {}", shown.empty() ? "" : ", ", pattern, num(n));
    line("hits by pattern: " + shown);
  }
  line("");
  line("packages with most hits:");
  line(fmt::format("  {:>6}  {:<32} {:<14} {:>5} {:>5}", "rank", "package", "version", "hits", "bugs"));
  for (const TopPackage& t : r.top_packages)
    line(fmt::format("  {:>6}  {:<32} {:<14} {:>5} {:>5}", rank_text(t.rank), t.package, t.version.value_or(""),
                     num(t.hits), num(t.bugs)));
  line("");
  line(fmt::format("files that could not be parsed: {} ({} lines){}", num(r.unparsed_files), num(r.unparsed_lines),
                   r.unparsed_examples.empty() ? "" : ":"));
  for (const UnparsedExample& f : r.unparsed_examples)
    line(fmt::format("  {}: {} ({} lines{})", f.artifact, f.path, num(f.lines), f.notes ? "; " + *f.notes : ""));
  if (!r.not_counted.empty()) {
    line("what was not analyzed in full:");
    for (const NotCountedRow& n : r.not_counted)
      line(fmt::format("  {}: {} ({}){}{}", n.reason, num(n.count), n.meaning, n.examples.empty() ? "" : ": ",
                       join_examples(n.examples)));
  }
  line("");
  line("hits:");
  for (const ReportHit& x : r.hit_list)
    line(fmt::format("  [{}] {} {}: {}:{}:{} {}{} ({}){}{}", x.category, x.package, x.version.value_or(""), x.path,
                     x.line, x.column, x.statement, x.pattern ? ", " + *x.pattern : "", x.reason,
                     x.noqa ? " [marked in the code: " + *x.noqa + "]" : "",
                     x.evidence.empty() ? "" : "\n      evidence: " + x.evidence));
  return out;
}

std::string render_markdown(const Report& r) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto cell = markdown_cell;
  line("# pep765 report");
  line("");
  line(fmt::format("Store `{}`, rule `{}`, lines `{}`. Rates are hits per million lines with a 95% exact Poisson interval.",
                   r.store, r.rule, r.loc));
  line("");
  const StudyRow& pep = r.pep765_study;
  line("| | this census | PEP 765 top 8,000 | PEP 765 random |");
  line("|---|---:|---:|---:|");
  line(fmt::format("| packages | {} | {} | - |", num(r.packages), num(pep.top_packages)));
  line(fmt::format("| lines | {} | {} | {} |", num(r.rate.lines), num(pep.top_rate.lines), num(pep.random_rate.lines)));
  line(fmt::format("| hits | {} | {} | {} |", num(r.hits.unique), num(pep.top_rate.hits), num(pep.random_rate.hits)));
  line(fmt::format("| per million lines | {} | {} | {} |", rate_text(r.rate), rate_text(pep.top_rate),
                   rate_text(pep.random_rate)));
  for (const auto& [c, ours, theirs] : category_rows(r)) line(fmt::format("| {} | {} | {} | - |", c, num(ours), theirs));
  line("");
  if (const std::string note = pep_lines_note(r); !note.empty()) {
    line(note);
    line("");
  }
  const Provenance& p = r.provenance;
  line("## How this census was made");
  line("");
  line(fmt::format("- {}, store `{}`", p.tool, cell(p.store)));
  for (const std::string& item : provenance_items(p, kMarkdownQuote)) line("- " + item);
  line("");
  line("## Both rules, by rank band");
  line("");
  line("| | packages | lines | cpython hits | per million lines | exits hits | per million lines |");
  line("|---|---:|---:|---:|---:|---:|---:|");
  for (const BandLine& b : band_lines(r))
    line(fmt::format("| {} | {} | {} | {} | {} | {} | {} |", b.label, num(b.packages), num(b.rate.cpython.lines),
                     num(b.rate.cpython.hits), rate_text(b.rate.cpython), num(b.rate.exits.hits), rate_text(b.rate.exits)));
  line("");
  if (!r.by_pattern_rate.empty()) {
    line("| pattern | hits | per million lines |");
    line("|---|---:|---:|");
    for (const auto& [pattern, rate] : r.by_pattern_rate)
      line(fmt::format("| {} | {} | {} |", cell(pattern), num(rate.hits), rate_text(rate)));
    line("");
  }
  if (!r.selections.empty()) {
    line("| selection | listed | found | counted | lines | hits | per million lines |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    for (const SelectionLine& x : selection_lines(r))
      line(fmt::format("| {} | {} | {} | {} | {} | {} | {} |", cell(x.label), x.listed, x.found, x.counted, x.lines,
                       x.hits, rate_text(x.rate)));
    line("");
    for (const SelectionRow& x : r.selections)
      if (!x.left_out.empty()) {
        line(fmt::format("Left out of {} ({}):", cell(x.label), num(int64_t(x.left_out.size()))));
        line("");
        for (const LeftOut& o : x.left_out) line(fmt::format("- {}: {}", cell(o.package), cell(o.reason)));
        line("");
      }
  }
  for (const PickComparison& c : r.pick_comparisons) line(render_pick_comparison_markdown(c));
  const LineCounts& lu = r.lines_unique;
  const LineCounts& lp = r.lines_per_artifact;
  line("| lines | unique | per artifact |");
  line("|---|---:|---:|");
  line(fmt::format("| physical | {} | {} |", num(lu.physical), num(lp.physical)));
  line(fmt::format("| in files that parse | {} | {} |", num(lu.parsed), num(lp.parsed)));
  line(fmt::format("| the study's count (newlines + 1) | {} | {} |", num(lu.study), num(lp.study)));
  line("");
  const HitTotals& h = r.hits;
  line(fmt::format("Hits: {} unique ({} per artifact); return {}, break {}, continue {}; in test code {}, outside {}; "
                   "in files that do not parse {}.",
                   num(h.unique), num(h.per_artifact), num(h.by_statement.returns), num(h.by_statement.breaks),
                   num(h.by_statement.continues), num(h.in_tests), num(h.outside_tests), num(h.in_erroneous_parse)));
  if (const std::string marked = marked_in_code_words(h); !marked.empty()) {
    line("");
    line("Hits " + marked + ".");
  }
  line("");
  line("## Packages with most hits");
  line("");
  line("| rank | package | version | hits | bugs |");
  line("|---:|---|---|---:|---:|");
  for (const TopPackage& t : r.top_packages)
    line(fmt::format("| {} | {} | {} | {} | {} |", rank_text(t.rank), cell(t.package), cell(t.version.value_or("")),
                     num(t.hits), num(t.bugs)));
  line("");
  line("## Hits");
  line("");
  line("| category | package | path | line | statement | pattern | reason | evidence |");
  line("|---|---|---|---:|---|---|---|---|");
  for (const ReportHit& x : r.hit_list)
    line(fmt::format("| {} | {} {} | `{}` | {} | {} | {} | {} | {} |", x.category, cell(x.package),
                     cell(x.version.value_or("")), cell(x.path), x.line, x.statement, cell(x.pattern.value_or("")),
                     cell(x.reason), cell(x.evidence)));
  line("");
  line(fmt::format("## Files that could not be parsed: {} ({} lines)", num(r.unparsed_files), num(r.unparsed_lines)));
  line("");
  for (const UnparsedExample& f : r.unparsed_examples)
    line(fmt::format("- {}: `{}` ({} lines)", cell(f.artifact), cell(f.path), num(f.lines)));
  if (!r.not_counted.empty()) {
    line("");
    line("## What was not analyzed in full");
    line("");
    for (const NotCountedRow& n : r.not_counted)
      line(fmt::format("- {}: {} ({}){}{}", n.reason, num(n.count), cell(n.meaning), n.examples.empty() ? "" : ": ",
                       cell(join_examples(n.examples))));
  }
  return out;
}

std::optional<ReportFormat> parse_report_format(std::string_view text) {
  if (text == "text") return ReportFormat::Text;
  if (text == "markdown") return ReportFormat::Markdown;
  if (text == "json") return ReportFormat::Json;
  if (text == "html") return ReportFormat::Html;
  return std::nullopt;
}

void write_report(const ReportOptions& o) {
  const Report r = build_report(o);
  std::string text;
  switch (o.format) {
    // JSON: any bytes in a name (paths need not be UTF-8) are written as U+FFFD, so the output
    // is always valid JSON.
    case ReportFormat::Json: text = to_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; break;
    case ReportFormat::Markdown: text = render_markdown(printable_copy(r)); break;
    case ReportFormat::Html: text = render_html(r); break;  // HTML escapes what it shows
    case ReportFormat::Text: text = render_text(printable_copy(r)); break;
  }
  if (o.out.empty()) {
    fmt::print("{}", text);
    return;
  }
  std::ofstream f(o.out, std::ios::binary);
  if (!f) throw std::runtime_error(fmt::format("{}: cannot write the report: {}", o.out, std::strerror(errno)));
  f << text;
  f.flush();
  if (!f) throw std::runtime_error(fmt::format("{}: cannot write the report: {}", o.out, std::strerror(errno)));
}

}  // namespace pep765
