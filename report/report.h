// The report stage: the census's figures beside PEP 765's, hits by category, the packages with
// most hits, the files that could not be parsed; as text, markdown, JSON or one HTML file.
// One typed model (Report), filled by build_report from the store; every renderer is a plain
// function of it, and its JSON form (report/report_json.cc) is the documented interchange format.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/choices.h"
#include "report/stats.h"
#include "report/triage.h"

namespace pep765 {

enum class ReportFormat { Text, Markdown, Json, Html };
std::optional<ReportFormat> parse_report_format(std::string_view text);  // text | markdown | json | html

struct ReportOptions {
  std::string db_path = "pep765.sqlite";
  ReportFormat format = ReportFormat::Text;
  std::string out;                                 // empty: standard output
  Rule rule = Rule::Cpython;                       // which flag makes a hit: cpython or exits (not any)
  LineDefinition loc = LineDefinition::Physical;  // the rate's denominator
};

// The PEP's appendix, for side-by-side figures.
struct PepStudy {
  static constexpr int64_t top_lines = 120964221, top_hits = 203;
  static constexpr int64_t top_test = 46, top_intentional = 8, top_bug = 149;
  static constexpr int64_t random_lines = 77398892, random_hits = 316;
};

// Absent values (a random draw's list date, a directory input's version, an as-of not given)
// are nullopt, and null in JSON.
using Absent = std::optional<std::string>;
inline Absent absent_if_empty(const std::string& s) { return s.empty() ? Absent() : Absent(s); }

// The study's three categories (test / could be correct / incorrect) and pep765's review, kept
// apart: the study had none, so a review hit is never counted in one of its terms.
struct ByCategory {
  int64_t test = 0, intentional = 0, bug = 0, review = 0;
  void add(Category c) {
    (c == Category::Test ? test : c == Category::Intentional ? intentional : c == Category::Bug ? bug : review)++;
  }
};
struct ByStatement {
  int64_t returns = 0, breaks = 0, continues = 0;
};
struct PerRule {
  RateFigure cpython, exits;
};

// How the census was made: enough to repeat it.
struct Provenance {
  struct SelectionMade {
    std::string kind, list;  // kind: top | random; list: where the names came from
    Absent list_date;        // a top list's date
    int64_t seed = 0, size = 0;
    std::string index_url;
    Absent as_of;  // --as-of, when given
    std::string made;
    std::string pick;  // latest | study: which release of each project it took
  };
  struct Span {
    Absent first, last;  // none when nothing was fetched (a local input) or analyzed
  };
  // What reading the census cost, per kind: index (pages, core metadata, the list), sdist,
  // wheel (sql/census.h, read_costs).
  struct ReadCost {
    std::string kind;
    int64_t files = 0, declared_bytes = 0, read_bytes = 0, requests = 0;
    int64_t by_ranges = 0, refused_ranges = 0, unrecorded = 0;
    int64_t members_left_out = 0, bytes_left_out = 0;  // what ranged reads left to the sdist
  };
  std::string tool, store, rule, lines;  // rule and lines: their definitions in words
  std::vector<SelectionMade> selections;
  std::vector<ReadCost> read_costs;
  Span fetched, analyzed;
  std::vector<int64_t> analysis_versions;
  int64_t cpython314_asked = 0, grammar_rejects_unconfirmed = 0;
  Absent cpython314_version;  // the CPython that gave the verdicts (pyodide's), as recorded
};

struct LineCounts {
  int64_t physical = 0, parsed = 0, study = 0;
};
struct ParseCounts {
  int64_t files_ok = 0, files_error = 0, files_skipped = 0, files_too_large = 0;
  int64_t lines_parse_ok = 0, lines_parse_error = 0, lines_not_parsed = 0;
};

struct HitTotals {
  int64_t unique = 0, per_artifact = 0;
  ByCategory by_category;
  ByStatement by_statement;
  std::map<std::string, int64_t> by_pattern;  // pattern name -> hits, patterns found only
  int64_t in_tests = 0, outside_tests = 0, in_erroneous_parse = 0, triaged_by_person = 0;
  // Marked as meant by their own maintainers (a `# noqa` or pylint disable on the line), of the
  // hits whose comments were read (those analyzed since schema 8): a triage signal of its own.
  int64_t marked_in_code = 0, marks_read = 0;
  int64_t cpython = 0, exits = 0;  // unique hits under each rule
};

// The PEP's own figures as the report shows them.
struct StudyRow {
  std::string top_label, random_label;
  int64_t top_packages = 0;
  RateFigure top_rate, random_rate;
  ByCategory top_by_category;
};

struct RankBandRow {
  std::string band;
  int64_t low = 0, high = 0;  // inclusive ranks; high 0: no upper end
  int64_t packages = 0;
  PerRule rate;
};

struct PackageRow {  // every counted package, for plots without SQL
  std::string package;
  Absent version;
  int64_t rank = 0, artifacts = 0, files = 0, lines = 0, cpython = 0, exits = 0;
};

struct TopPackage {
  std::string package;
  Absent version;
  int64_t rank = 0, hits = 0, bugs = 0;  // rank 0: in no top list
};

struct LeftOut {
  std::string package, status, reason;
};

// A selection (a top-N list, a random draw): the same figures over its packages only, and
// each listed project the census does not count, with the reason.
struct SelectionRow {
  int64_t id = 0;
  std::string kind, label, source;
  Absent list_date;
  int64_t seed = 0, size = 0, replaced = 0, artifacts = 0;
  RateFigure rate;
  int64_t listed = 0, found = 0, counted = 0;
  std::vector<LeftOut> left_out;
  std::string pick;  // latest | study
};

// A study pick and a latest pick of one list and date, side by side (report/picks.h): what
// PEP 765's figure owes to the study having taken, for some projects, an old release.
struct PickedSide {
  std::string status;       // found | not_found | no_release | failed | listed
  Absent version, released;  // the release this pick took and its date (earliest upload)
  Absent reason;             // why none
  bool counted = false;
  int64_t lines = 0, cpython = 0, exits = 0;  // over the release's distinct contents (the report's lines)
};
struct PickedProject {
  std::string package;
  bool same_release = false;
  PickedSide study, latest;
};
// A hit (cpython rule) of the study's pick that the latest pick's release of the package no
// longer has: the appendix's "do not appear in the main branch".
struct OutOfDateHit {
  std::string package, path, statement, study_version, latest_version;
  int64_t line = 0;
};
// One pick's selection as a whole.
struct PickTotals {
  int64_t selection = 0, packages = 0;  // packages: counted
  PerRule rate;
  int64_t hits = 0;  // distinct, cpython rule (the hits followed from one pick into the other)
};
struct PickComparison {
  std::string label;  // the list and date both selections share
  PickTotals study, latest;
  int64_t projects = 0, same_release = 0, different_release = 0, missing_under_study = 0;
  std::vector<PickedProject> per_project;  // every project of the two, the study's order first
  std::vector<OutOfDateHit> out_of_date;
  int64_t only_in_latest = 0;  // hits (cpython rule) of the latest pick the study's release has not
};

struct UnparsedExample {
  std::string artifact, path;
  int64_t lines = 0;
  Absent notes;
};
struct UnreadableArtifactRow {
  std::string artifact, status, error;
};
// What the census read but did not analyze in full, by reason (sql/not_counted.h): a file over
// a cap, one the analysis failed on, one that is not UTF-8, an artifact read in part.
struct NotCountedRow {
  std::string reason, meaning;
  int64_t count = 0;
  std::vector<std::string> examples;
};

// A unique hit at its first place, with its triage.
struct ReportHit {
  std::string package;
  Absent version;
  int64_t rank = 0;
  std::string artifact, path;
  int64_t line = 0, column = 0;
  std::string statement;
  bool cpython = false, exits = false;
  std::string category;
  Absent pattern, note;
  std::string reason, scope;
  std::string evidence;  // what the code shows (report/triage.h's Triage::evidence)
  bool erroneous_parse = false;
  Absent repository_url;
  std::string snippet;
  int64_t try_line = 0;
  Absent released_file;  // the file at its line on the index's inspector
  // Its line's suppression comment ("noqa: B012"): absent with none, or analyzed before pep765
  // read them.
  Absent noqa;
};

// Everything a report shows, computed once (every renderer reads this).
struct Report {
  std::string store, rule, loc;  // rule: cpython | exits; loc: physical | parsed | study
  Provenance provenance;
  int64_t packages = 0;
  int64_t artifacts_total = 0, artifacts_ok = 0, artifacts_partial = 0, artifacts_failed = 0;
  int64_t files_unique = 0, files_per_artifact = 0;
  LineCounts lines_unique, lines_per_artifact;
  ParseCounts parse;
  HitTotals hits;
  RateFigure rate;  // unique hits under the rule over the chosen lines
  StudyRow pep765_study;
  PerRule by_rule;  // both rules over the same lines
  std::vector<RankBandRow> by_rank_band;
  std::map<std::string, RateFigure> by_pattern_rate;  // "other" for hits with no pattern
  std::vector<PackageRow> per_package;
  std::vector<TopPackage> top_packages;  // the 20 with most hits
  std::vector<SelectionRow> selections;
  int64_t unparsed_files = 0, unparsed_lines = 0;
  std::vector<UnparsedExample> unparsed_examples;  // the first 50
  // In the JSON (format 1) only: the text, markdown and HTML list them once, in not_counted.
  std::vector<UnreadableArtifactRow> unreadable_artifacts;
  std::vector<NotCountedRow> not_counted;  // only the reasons with a count
  std::vector<ReportHit> hit_list;
  std::vector<PickComparison> pick_comparisons;  // one per study selection with a latest twin
};

// The one function that fills a Report from the store.
Report build_report(const ReportOptions& options);

// The interchange format (report/report_json.cc): "format_version" 1, absent values as null.
constexpr int kReportFormatVersion = 1;
nlohmann::json to_json(const Report& report);
// Refuses (pep765::Error naming the field) a wrong type, a missing field or another format_version.
Report from_json(const nlohmann::json& doc);

std::string render_text(const Report& report);
std::string render_markdown(const Report& report);
std::string render_html(const Report& report);
// Text for HTML: & < > " ' as entities.
std::string html_escape(std::string_view s);

// Builds and writes the report in the chosen format.
void write_report(const ReportOptions& options);

}  // namespace pep765
