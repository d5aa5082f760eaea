// pep765: the entry point. It parses the command line into each stage's options (checking every
// value once, here) and calls the stage; one add_<command> function per command.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <set>

#include "analyze/analyze.h"
#include "analyze/check.h"
#include "analyze/confirm.h"
#include "cli/run.h"
#include "common/printable.h"
#include "common/stop.h"
#include "common/url.h"
#include "common/timings.h"
#include "fetch/fetch.h"
#include "report/export.h"
#include "report/lint.h"
#include "report/readout.h"
#include "report/report.h"
#include "report/trend.h"
#include "sql/db.h"
#include "sql/merge.h"

using namespace pep765;

namespace {

// Usage errors exit 2, as ruff, git and POSIX tools do; a failure of the work exits 1.
constexpr int kUsageError = 2;

// What a command does once the command line is parsed: its exit status.
using Action = std::function<int()>;

// --as-of: a real calendar date, YYYY-MM-DD, or a UTC time YYYY-MM-DDTHH:MM:SS[Z].
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

const CLI::Validator kDate(check_date, "DATE");

// Dates, comma-separated: `--as-of 2024-10-17,2025-10-07` takes a snapshot at each.
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

// The fetch options once per --as-of date (once, unchanged, without one).
std::vector<FetchOptions> per_date(const FetchOptions& o) {
  if (!o.as_of) return {o};
  std::vector<FetchOptions> out;
  for (const std::string& date : split_dates(*o.as_of)) {
    out.push_back(o);
    out.back().as_of = date;
  }
  return out;
}

// Whole numbers from `low` up, with a message a person reads at once.
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

void add_fetch_options(CLI::App* cmd, FetchOptions& o, std::string& kinds) {
  auto* top = cmd->add_option("--top", o.top, "How many of the most downloaded projects")->check(at_least(1));
  auto* random = cmd->add_option("--random", o.random, "How many projects to draw at random from the index")
                     ->check(at_least(1));
  top->excludes(random);
  random->excludes(top);
  cmd->add_option("--seed", o.seed, "The random draw's seed: the same seed gives the same sample")->capture_default_str();
  cmd->add_option("--list", o.list, "Top list: URL or file (hugovk's JSON, or one name a line)")->capture_default_str();
  cmd->add_option("--index-url", o.index_url, "Package index with the PyPI JSON API (http or https)")
      ->check([](const std::string& url) {
        return is_http_url(url) ? "" : "an http(s) URL, not '" + url + "'";
      })
      ->capture_default_str();
  cmd->add_option("--dest", o.dest, "Where files go")->capture_default_str();
  cmd->add_option("--db", o.db_path, "The store")->capture_default_str();
  cmd->add_option("--jobs,-j", o.jobs, "Transfers at once")->check(CLI::Range(1, 256))->capture_default_str();
  cmd->add_option("--as-of", o.as_of,
                  "Take the release current on this date (YYYY-MM-DD); several, comma-separated, take a snapshot "
                  "at each into the same store")
      ->check(kDates);
  cmd->add_option("--kinds", kinds, "Which files: sdist, wheel or sdist,wheel")
      ->check(CLI::IsMember({"sdist", "wheel", "sdist,wheel", "wheel,sdist"}))
      ->capture_default_str();
  cmd->add_option("--max-size", o.max_size, "Skip files larger than this many bytes (0: no limit)")
      ->check(at_least(0))->capture_default_str();
  cmd->add_option("--attempts", o.attempts, "Tries per request (429, 5xx, connection faults)")
      ->check(CLI::Range(1, 100))->capture_default_str();
  cmd->add_option("--backoff", o.backoff_s, "First retry delay in seconds, doubling each time")
      ->check(CLI::Range(0.0, 600.0))->capture_default_str();
  cmd->add_option("--max-page-bytes", o.max_page_bytes,
                  "Index pages and lists larger than this, decompressed, are refused")
      ->check(at_least(1))->capture_default_str();
  cmd->add_flag("--allow-missing-digest", o.allow_missing_digest,
                "Take files the index gives no sha256 for, unchecked (recorded as unverified)");
}

void take_kinds(const std::string& kinds, FetchOptions& o) {
  o.sdist = kinds.find("sdist") != std::string::npos;
  o.wheel = kinds.find("wheel") != std::string::npos;
}

// --shard K/N, checked when given.
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

void print_fetch_totals(const FetchTotals& t, const std::string& dest) {
  if (t.drawn)
    fmt::print(stderr, "pep765: fetch: {} projects drawn, {} replaced for having no usable release\n", t.drawn,
               t.replaced);
  fmt::print(stderr,
             "pep765: fetch: {} packages: {} resolved, {} not found, {} without a release, {} failed; files: {} "
             "downloaded ({:.1f} MB), {} already there, {} skipped (size), {} failed; {} without sdist, {} without "
             "wheel -> {}\n",
             t.packages, t.resolved, t.not_found, t.no_release, t.failed_packages, t.downloaded, t.bytes / 1e6,
             t.already_there, t.skipped, t.failed_files, t.missing_sdist, t.missing_wheel, dest);
}

void print_analyze_totals(const AnalyzeTotals& t, const std::string& db) {
  // What this run did, then what the store holds: a rerun that found nothing new still says
  // how many hits the census has.
  fmt::print(stderr,
             "pep765: {} inputs: {} analyzed ({} ok, {} partial, {} failed), {} unchanged; {} files, {} new "
             "contents ({} failed analysis) with {} hits; the store holds {} hits (cpython rule) -> {}\n",
             t.inputs, t.ok + t.partial + t.failed, t.ok, t.partial, t.failed, t.skipped, t.files,
             t.contents_analyzed, t.files_failed, t.hits, stored_hits(db), db);
  if (t.duplicates_skipped)
    fmt::print(stderr, "pep765: {} zip members matched a member already read by CRC-32, size and name and were not "
               "inflated (--verify-duplicates inflates them)\n", t.duplicates_skipped);
  if (t.duplicates_checked)
    fmt::print(stderr, "pep765: --verify-duplicates: {} zip members matched by CRC-32, size and name, {} of them "
               "differing in their bytes\n", t.duplicates_checked, t.duplicates_differ);
}

// --cpython314 DIR (default: $PEP765_PYODIDE): where pyodide is, for CPython 3.14's verdict on
// the files tree-sitter rejects. Empty: tree-sitter's verdict stands.
void add_cpython314_option(CLI::App* cmd, std::string& dir) {
  if (const char* env = std::getenv("PEP765_PYODIDE")) dir = env;
  cmd->add_option("--cpython314", dir,
                  "A pyodide install (DIR/node_modules/pyodide): CPython 3.14 gives its verdict on the files "
                  "tree-sitter rejects (default: $PEP765_PYODIDE; none: tree-sitter's verdict stands)")
      ->check(CLI::ExistingDirectory);
}

// After analysis, where a CPython 3.14 is at hand.
void confirm(const std::string& pyodide_dir, const std::string& db, size_t max_member_bytes) {
  if (pyodide_dir.empty()) return;
  ConfirmOptions o;
  o.db_path = db;
  o.pyodide_dir = pyodide_dir;
  o.max_member_bytes = max_member_bytes;
  ConfirmTotals c = confirm_with_cpython314(o);
  if (c.candidates)
    fmt::print(stderr,
               "pep765: CPython 3.14 on the {} files tree-sitter rejects: {} parse, {} do not, {} could not be read again\n",
               c.candidates, c.parses, c.rejects, c.unreadable);
}

std::string dump(const nlohmann::json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace); }

Action add_analyze(CLI::App& app, AnalyzeOptions& o) {
  CLI::App* cmd = app.add_subcommand("analyze", "Analyze archives, directories and .py files into the store");
  cmd->add_option("PATH", o.paths,
                  "Archive (.tar.gz .tgz .tar.bz2 .tar.xz .tar .zip .whl .egg), directory or .py file; "
                  "none: every file fetch has verified and not yet analyzed");
  cmd->add_option("--db", o.db_path, "The store")->capture_default_str();
  cmd->add_option("--jobs,-j", o.jobs, "Worker threads (0: every core)")->check(CLI::Range(0, 1024))->capture_default_str();
  cmd->add_flag("--parse-all", o.file.parse_all,
                "Parse every file whole, not only statements holding a finally: exact parse status for all files, "
                "several times slower");
  cmd->add_option("--max-parse-bytes", o.file.max_parse_bytes, "Files larger than this are counted but not parsed")
      ->check(at_least(1))->capture_default_str();
  cmd->add_option("--max-member-bytes", o.max_member_bytes,
                  "Members larger than this are streamed for their lines only, never held")
      ->check(at_least(1))->capture_default_str();
  cmd->add_option("--max-expanded-bytes", o.max_expanded_bytes,
                  "An archive expanding past this is stopped as a decompression bomb")
      ->check(at_least(1))->capture_default_str();
  cmd->add_option("--max-expansion-ratio", o.max_expansion_ratio, "... or expanding past 100 MB at more than this ratio")
      ->check(at_least(1))->capture_default_str();
  cmd->add_flag("--verify-duplicates", o.verify_duplicates,
                "Inflate wheel members whose CRC-32, size and name match a member already read (taken as "
                "identical otherwise), and count any that differ");
  add_shard_option(cmd, o.shard);
  static bool quiet = false;
  static std::string pyodide;
  cmd->add_flag("--quiet,-q", quiet, "No progress lines");
  add_cpython314_option(cmd, pyodide);
  return [cmd, &o] {
    if (!cmd->parsed()) return -1;
    o.progress = !quiet;
    const bool from_store = o.paths.empty();
    if (from_store) o.paths = fetched_paths(o.db_path);
    AnalyzeTotals totals = analyze(o);
    confirm(pyodide, o.db_path, o.max_member_bytes);  // before the closing line, whose hits it may change
    print_analyze_totals(totals, o.db_path);
    if (totals.inputs == 0) {
      fmt::print(stderr, "pep765: {}\n",
                 from_store ? "the store holds no fetched files: give PATHs, or run fetch first" : "nothing to analyze");
      return 2;
    }
    return totals.something_failed() ? 1 : 0;
  };
}

// check: the rule over a maintainer's own tree, as a linter; no store.
Action add_check(CLI::App& app, CheckOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "check", "Lint files, directories and archives: one line per hit; exit 1 when there are hits (no store)");
  cmd->add_option("PATH", o.paths, "A .py file, a directory (walked for .py files) or an archive")->required();
  static std::string rule = "cpython", format = "text", out;
  static bool quiet = false;
  cmd->add_option("--rule", rule, "Which hits: cpython (what Python 3.14 warns about), exits or any")
      ->check(CLI::IsMember({"cpython", "exits", "any"}))->capture_default_str();
  cmd->add_option("--format", format, "text (path:line:col: CODE message) or sarif (SARIF 2.1.0)")
      ->check(CLI::IsMember({"text", "sarif"}))->capture_default_str();
  cmd->add_option("--output,-o", out, "Write here instead of standard output");
  cmd->add_option("--jobs,-j", o.jobs, "Worker threads (0: every core)")->check(CLI::Range(0, 1024))->capture_default_str();
  cmd->add_flag("--quiet,-q", quiet, "No closing count on standard error");
  return [cmd, &o] {
    if (!cmd->parsed()) return -1;
    const RuleFilter filter = rule == "cpython" ? RuleFilter::Cpython : rule == "exits" ? RuleFilter::Exits : RuleFilter::Any;
    CheckResult result = check_paths(o);
    for (const std::string& p : result.problems) fmt::print(stderr, "pep765: {}\n", p);
    std::FILE* sink = stdout;
    if (!out.empty()) {
      sink = std::fopen(out.c_str(), "wb");
      if (!sink) throw std::runtime_error(fmt::format("{}: cannot write: {}", out, std::strerror(errno)));
    }
    const LintCounts n = write_lint(result, filter, format == "sarif" ? LintFormat::Sarif : LintFormat::Text, sink, stderr);
    if (sink != stdout && std::fclose(sink) != 0)
      throw std::runtime_error(fmt::format("{}: cannot write: {}", out, std::strerror(errno)));
    if (!quiet)
      fmt::print(stderr, "pep765: {} {} checked: {} {} ({} rule){}\n", result.files, result.files == 1 ? "file" : "files", n.hits,
                 n.hits == 1 ? "hit" : "hits", rule,
                 n.unparsed ? fmt::format("; {} files do not parse", n.unparsed) : "");
    if (n.hits) return 1;
    return result.problems.empty() ? 0 : kUsageError;
  };
}

Action add_fetch(CLI::App& app, FetchOptions& o) {
  CLI::App* cmd = app.add_subcommand("fetch", "Download the top-N (or a random N) projects' sdists and wheels, verified");
  static std::string kinds = "sdist,wheel";
  static bool quiet = false;
  add_fetch_options(cmd, o, kinds);
  add_shard_option(cmd, o.shard);
  cmd->add_flag("--quiet,-q", quiet, "No progress");
  return [cmd, &o] {
    if (!cmd->parsed()) return -1;
    take_kinds(kinds, o);
    o.progress = !quiet;
    if ((o.top == 0) == (o.random == 0)) throw CLI::ValidationError("fetch", "give one of --top N or --random N");
    int status = 0;
    for (const FetchOptions& snapshot : per_date(o)) {
      if (snapshot.as_of) fmt::print(stderr, "pep765: snapshot as of {}\n", *snapshot.as_of);
      FetchTotals totals = fetch(snapshot);
      print_fetch_totals(totals, snapshot.dest);
      if (totals.failed()) status = 1;
      if (stop_requested()) break;
    }
    return status;
  };
}

Action add_run(CLI::App& app, FetchOptions& f, AnalyzeOptions& a) {
  CLI::App* cmd = app.add_subcommand("run", "Fetch, analyze each package as soon as it is verified, then summarize");
  static std::string kinds = "sdist,wheel";
  static bool quiet = false;
  add_fetch_options(cmd, f, kinds);
  add_shard_option(cmd, f.shard);
  cmd->add_option("--analyze-jobs", a.jobs, "Analysis threads (0: every core)")->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_flag("--verify-duplicates", a.verify_duplicates,
                "Inflate wheel members whose CRC-32, size and name match a member already read, and count any "
                "that differ");
  cmd->add_flag("--quiet,-q", quiet, "No progress");
  static std::string pyodide;
  add_cpython314_option(cmd, pyodide);
  return [cmd, &f, &a] {
    if (!cmd->parsed()) return -1;
    take_kinds(kinds, f);
    f.progress = !quiet;
    a.shard = f.shard;
    if ((f.top == 0) == (f.random == 0)) throw CLI::ValidationError("run", "give one of --top N or --random N");
    // Each --as-of date is a snapshot of its own (a selection); contents shared between dates
    // are analyzed once.
    int status = 0;
    for (const FetchOptions& snapshot : per_date(f)) {
      if (snapshot.as_of) fmt::print(stderr, "pep765: snapshot as of {}\n", *snapshot.as_of);
      RunTotals t = run_census(snapshot, a);
      confirm(pyodide, snapshot.db_path, a.max_member_bytes);  // before the closing lines, whose hits it may change
      print_fetch_totals(t.fetched, snapshot.dest);
      print_analyze_totals(t.analyzed, snapshot.db_path);
      if (t.fetched.failed() || t.analyzed.something_failed()) status = 1;
      if (stop_requested()) break;
    }
    fmt::print("{}\n", dump(summary(f.db_path)));
    return status;
  };
}

// The read commands: they open the store read-only and never create one.
std::vector<Action> add_read_commands(CLI::App& app, ReportOptions& report, ExportOptions& exporting) {
  std::vector<Action> actions;
  static std::string db = "pep765.sqlite", rule = "cpython";
  CLI::App* hits = app.add_subcommand("hits", "Print every hit as TSV, one row per hit per artifact");
  hits->add_option("--db", db, "The store")->capture_default_str();
  hits->add_option("--rule", rule, "Which hits: cpython, exits or any")
      ->check(CLI::IsMember({"cpython", "exits", "any"}))->capture_default_str();
  actions.push_back([hits] {
    if (!hits->parsed()) return -1;
    print_hits(db, rule == "cpython" ? RuleFilter::Cpython : rule == "exits" ? RuleFilter::Exits : RuleFilter::Any,
               stdout);
    return 0;
  });

  static bool as_json = false;
  CLI::App* summary_cmd = app.add_subcommand("summary", "Print the totals (--json: every figure, as JSON)");
  summary_cmd->add_option("--db", db, "The store")->capture_default_str();
  summary_cmd->add_flag("--json", as_json, "As JSON");
  actions.push_back([summary_cmd] {
    if (!summary_cmd->parsed()) return -1;
    const nlohmann::json s = summary(db);
    if (as_json) {
      fmt::print("{}\n", dump(s));
    } else {
      fmt::print("{}: {} artifacts, {} files ({} distinct), {} lines ({} distinct); hits (distinct): cpython {}, "
                 "exits {}\n",
                 db, s["archives"].get<int64_t>(), s["files"].get<int64_t>(), s["unique_files"].get<int64_t>(),
                 s["lines"].get<int64_t>(), s["unique_lines"].get<int64_t>(),
                 s["unique_hits"]["cpython"].get<int64_t>(), s["unique_hits"]["exits"].get<int64_t>());
    }
    return 0;
  });

  CLI::App* report_cmd = app.add_subcommand("report", "The census beside PEP 765's figures, hits by category, charts");
  static std::string report_format = "text", report_rule = "cpython", report_loc = "physical";
  report_cmd->add_option("--db", report.db_path, "The store")->capture_default_str();
  report_cmd->add_option("--format", report_format, "text, markdown, json or html")
      ->check(CLI::IsMember({"text", "markdown", "json", "html"}))->capture_default_str();
  report_cmd->add_option("--out", report.out, "Write here instead of standard output");
  report_cmd->add_option("--rule", report_rule, "Which rule makes a hit: cpython or exits")
      ->check(CLI::IsMember({"cpython", "exits"}))->capture_default_str();
  report_cmd->add_option("--loc", report_loc, "Lines for the rate: physical, parsed or study")
      ->check(CLI::IsMember({"physical", "parsed", "study"}))->capture_default_str();
  actions.push_back([report_cmd, &report] {
    if (!report_cmd->parsed()) return -1;
    report.format = *parse_report_format(report_format);
    report.rule = *parse_rule(report_rule);
    report.loc = *parse_line_definition(report_loc);
    write_report(report);
    return 0;
  });

  CLI::App* export_cmd = app.add_subcommand("export", "One row per hit, with a drafted issue, as CSV or JSON lines");
  static std::string export_format = "csv", export_per = "hit", export_rule = "cpython", export_category;
  export_cmd->add_option("--db", exporting.db_path, "The store")->capture_default_str();
  export_cmd->add_option("--format", export_format, "csv or jsonl; with --per package also markdown (a file each)")
      ->check(CLI::IsMember({"csv", "jsonl", "markdown"}))->capture_default_str();
  export_cmd->add_option("--per", export_per,
                         "hit: a row per hit; package: one drafted issue per package, its distinct hits together "
                         "(category bug unless --category)")
      ->check(CLI::IsMember({"hit", "package"}))->capture_default_str();
  export_cmd->add_option("--rule", export_rule, "Which hits: cpython, exits or any")
      ->check(CLI::IsMember({"cpython", "exits", "any"}))->capture_default_str();
  export_cmd->add_option("--category", export_category, "Only this category: test, intentional or bug")
      ->check(CLI::IsMember({"test", "intentional", "bug"}));
  export_cmd->add_option("--out", exporting.out, "Write here instead of standard output (a directory for markdown)");
  actions.push_back([export_cmd, &exporting] {
    if (!export_cmd->parsed()) return -1;
    exporting.format = *parse_export_format(export_format);
    exporting.per = *parse_export_per(export_per);
    exporting.rule = *parse_rule(export_rule);
    exporting.category = category_from_name(export_category);
    export_hits(exporting);
    return 0;
  });

  static std::string trend_format = "text", trend_loc = "physical";
  CLI::App* trend = app.add_subcommand("trend", "The census over time: per snapshot (--as-of date) and each hit's life");
  trend->add_option("--db", db, "The store")->capture_default_str();
  static std::string trend_out;
  trend->add_option("--format", trend_format, "text, markdown, json or html")
      ->check(CLI::IsMember({"text", "markdown", "json", "html"}))->capture_default_str();
  trend->add_option("--out", trend_out, "Write here instead of standard output");
  trend->add_option("--loc", trend_loc, "Lines for the rate: physical, parsed or study")
      ->check(CLI::IsMember({"physical", "parsed", "study"}))->capture_default_str();
  actions.push_back([trend] {
    if (!trend->parsed()) return -1;
    nlohmann::json t = build_trend(db, *parse_line_definition(trend_loc));
    if (!trend_out.empty() && names_store_file(db, trend_out))
      throw CLI::ValidationError("--out", trend_out + " is the store " + db + ": name another file");
    std::string text;
    if (trend_format == "json") {
      text = dump(t) + "\n";
    } else {
      if (trend_format != "html") make_printable(t);  // HTML escapes what it shows
      text = trend_format == "html" ? render_trend_html(t)
             : trend_format == "markdown" ? render_trend_markdown(t) : render_trend_text(t);
    }
    std::FILE* sink = trend_out.empty() ? stdout : std::fopen(trend_out.c_str(), "wb");
    if (!sink) throw std::runtime_error(fmt::format("{}: cannot write: {}", trend_out, std::strerror(errno)));
    std::fwrite(text.data(), 1, text.size(), sink);
    if (sink != stdout && std::fclose(sink) != 0)
      throw std::runtime_error(fmt::format("{}: cannot write: {}", trend_out, std::strerror(errno)));
    return 0;
  });

  static std::string old_db, new_db, compare_format = "text", compare_rule = "cpython";
  CLI::App* compare = app.add_subcommand("compare", "Per package: hits fixed, new and unchanged between two stores");
  compare->add_option("OLD", old_db, "The older store")->required();
  compare->add_option("NEW", new_db, "The newer store")->required();
  compare->add_option("--format", compare_format, "text or json")->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  compare->add_option("--rule", compare_rule, "Which hits: cpython, exits or any")
      ->check(CLI::IsMember({"cpython", "exits", "any"}))->capture_default_str();
  actions.push_back([compare] {
    if (!compare->parsed()) return -1;
    compare_stores(old_db, new_db, *parse_rule(compare_rule), *parse_compare_format(compare_format), stdout);
    return 0;
  });
  return actions;
}

std::vector<Action> add_triage(CLI::App& app) {
  static std::string db = "pep765.sqlite", file;
  CLI::App* triage = app.add_subcommand("triage", "A person's triage: export the hits to CSV, import corrections");
  triage->require_subcommand(1);
  CLI::App* out = triage->add_subcommand("export", "Write every hit with its category as CSV");
  out->add_option("--db", db, "The store")->capture_default_str();
  out->add_option("--out", file, "Write here instead of standard output");
  CLI::App* in = triage->add_subcommand("import", "Take a person's categories and notes from CSV");
  in->add_option("--db", db, "The store")->capture_default_str();
  in->add_option("FILE", file, "CSV as triage export writes it")->required();
  return {[out] {
            if (!out->parsed()) return -1;
            if (!file.empty() && names_store_file(db, file))
              throw CLI::ValidationError("--out", file + " is the store " + db + ": name another file");
            export_triage(db, file);
            return 0;
          },
          [in] {
            if (!in->parsed()) return -1;
            TriageImport n = import_triage(db, file);
            fmt::print(stderr, "pep765: took {} triaged hits from {} into {} ({} left as the program had them)\n", n.taken,
                       file, db, n.unchanged);
            return 0;
          }};
}

Action add_merge(CLI::App& app) {
  static std::string out;
  static std::vector<std::string> inputs;
  CLI::App* cmd = app.add_subcommand("merge", "Merge stores (the shards of a census) into one");
  cmd->add_option("OUT", out, "The merged store (created if missing)")->required();
  cmd->add_option("IN", inputs, "Stores to add (read only)")->required();
  return [cmd] {
    if (!cmd->parsed()) return -1;
    MergeTotals m = merge_stores(out, inputs);
    fmt::print(stderr, "pep765: merged {} stores into {}: {} artifacts, {} contents, {} packages\n", m.stores, out,
               m.artifacts, m.contents, m.packages);
    return 0;
  };
}

// A first word that is no command is named as such (CLI11 would say "a subcommand is required").
bool unknown_command(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    const std::string arg = argv[i];
    if (arg == "--lock-timeout") {  // a global option's value is not a command
      i++;
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      if (sub->get_name() == arg) return false;
    fmt::print(stderr, "pep765: '{}' is not a pep765 command (see pep765 --help)\n", arg);
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  // libarchive's zip reader converts every member's DOS time with mktime(), and glibc reads
  // the zone file again on each call while TZ is unset (a stat per member, a tenth of reading
  // a wheel). Naming the same zone file keeps local time as it was and reads it once.
  setenv("TZ", ":/etc/localtime", 0);
  CLI::App app{"pep765: how often Python code leaves a finally block with return, break or continue"};
  app.set_version_flag("--version", std::string("pep765 ") + PEP765_VERSION);
  app.require_subcommand(1);
  // Global options go before or after the command, as git's and ruff's do.
  app.fallthrough();
  bool show_timings = false;
  app.add_flag("--timings", show_timings, "Print where the time went");
  int lock_timeout = 30;
  app.add_option("--lock-timeout", lock_timeout, "Seconds to wait for a store another process is writing to")
      ->check(CLI::Range(0, 86400))->capture_default_str();

  AnalyzeOptions analyze_options;
  FetchOptions fetch_options;
  AnalyzeOptions run_analyze_options;
  ReportOptions report_options;
  ExportOptions export_options;
  CheckOptions check_options;
  std::vector<Action> actions = {add_analyze(app, analyze_options), add_fetch(app, fetch_options),
                                 add_run(app, fetch_options, run_analyze_options), add_merge(app),
                                 add_check(app, check_options)};
  for (Action& a : add_read_commands(app, report_options, export_options)) actions.push_back(std::move(a));
  for (Action& a : add_triage(app)) actions.push_back(std::move(a));
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) sub->fallthrough();

  if (unknown_command(app, argc, argv)) return kUsageError;
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version (CLI11 signals them as Success)
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "pep765: {} (see pep765 --help)\n", e.what());
    return kUsageError;
  }
  install_stop_handlers();
  set_lock_timeout_seconds(lock_timeout);

  // An output that is the store (or its -wal/-shm) would destroy the census: refused.
  for (auto [db, out] : {std::pair{&report_options.db_path, &report_options.out},
                         std::pair{&export_options.db_path, &export_options.out}}) {
    if (!out->empty() && names_store_file(*db, *out)) {
      fmt::print(stderr, "pep765: --out {} is the store {}: name another file\n", *out, *db);
      return kUsageError;
    }
  }

  int status = 0;
  try {
    for (Action& action : actions)
      if (int s = action(); s >= 0) status = s;
  } catch (const CLI::ValidationError& e) {
    fmt::print(stderr, "pep765: {}\n", e.what());
    status = kUsageError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "pep765: {}\n", e.what());
    status = 1;
  }
  if (show_timings) fmt::print(stderr, "{}", timings().format());
  if (stop_requested()) {
    fmt::print(stderr, "pep765: stopped by signal {}; what was done is committed: rerun the same command to go on\n",
               stop_signal());
    return 128 + stop_signal();
  }
  return status;
}
