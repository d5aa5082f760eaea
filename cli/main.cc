// pep765: the entry point. It only parses the command line and wires the stages.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

#include <thread>

#include "analyze/analyze.h"
#include "common/stop.h"
#include "common/timings.h"
#include "fetch/fetch.h"
#include "report/export.h"
#include "report/readout.h"
#include "report/report.h"
#include "sql/merge.h"
#include "sql/db.h"

using namespace pep765;

namespace {

void add_fetch_options(CLI::App* cmd, FetchOptions& o, std::string& kinds) {
  auto* top = cmd->add_option("--top", o.top, "How many of the most downloaded projects");
  auto* random = cmd->add_option("--random", o.random, "How many projects to draw at random from the index");
  top->excludes(random);
  random->excludes(top);
  cmd->add_option("--seed", o.seed, "The random draw's seed: the same seed gives the same sample")->capture_default_str();
  cmd->add_option("--list", o.list, "Top list: URL or file (hugovk's JSON, or one name a line)")->capture_default_str();
  cmd->add_option("--index-url", o.index_url, "Package index with the PyPI JSON API")->capture_default_str();
  cmd->add_option("--dest", o.dest, "Where files go")->capture_default_str();
  cmd->add_option("--jobs,-j", o.jobs, "Transfers at once")->capture_default_str();
  cmd->add_option("--as-of", o.as_of, "Take the release current on this date (YYYY-MM-DD)");
  cmd->add_option("--kinds", kinds, "Which files: sdist, wheel or both")->capture_default_str();
  cmd->add_option("--max-size", o.max_size, "Skip files larger than this many bytes (0: no limit)")->capture_default_str();
  cmd->add_option("--attempts", o.attempts, "Tries per request (429, 5xx, connection faults)")->capture_default_str();
  cmd->add_option("--backoff", o.backoff_s, "First retry delay in seconds, doubling each time")->capture_default_str();
  cmd->add_option("--max-page-bytes", o.max_page_bytes,
                  "Index pages and lists larger than this, decompressed, are refused")->capture_default_str();
  cmd->add_flag("--allow-missing-digest", o.allow_missing_digest,
                "Take files the index gives no sha256 for, unchecked (recorded as unverified)");
}

// --shard K/N, checked once parsed.
bool take_shard(const std::string& text, Shard& shard) {
  if (text.empty()) return true;
  std::string why;
  auto s = parse_shard(text, why);
  if (!s) {
    fmt::print(stderr, "pep765: {}, not '{}'\n", why, text);
    return false;
  }
  shard = *s;
  return true;
}

bool parse_kinds(const std::string& kinds, FetchOptions& o) {
  o.sdist = o.wheel = false;
  size_t start = 0;
  while (start <= kinds.size()) {
    size_t comma = kinds.find(',', start);
    std::string k = kinds.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (k == "sdist") o.sdist = true;
    else if (k == "wheel") o.wheel = true;
    else return false;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
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
  fmt::print(stderr,
             "pep765: {} inputs: {} analyzed ({} ok, {} partial, {} failed), {} unchanged; {} files, "
             "{} new contents ({} failed analysis), {} hits -> {}\n",
             t.inputs, t.ok + t.partial + t.failed, t.ok, t.partial, t.failed, t.skipped, t.files,
             t.contents_analyzed, t.files_failed, t.hits, db);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pep765: how often Python code leaves a finally block with return, break or continue"};
  app.set_version_flag("--version", std::string("pep765 ") + PEP765_VERSION);
  app.require_subcommand(1);
  bool show_timings = false;
  app.add_flag("--timings", show_timings, "Print where the time went");
  int lock_timeout = 30;
  app.add_option("--lock-timeout", lock_timeout, "Seconds to wait for a store another process is writing to")
      ->capture_default_str();

  AnalyzeOptions analyze_options;
  CLI::App* analyze_cmd = app.add_subcommand("analyze", "Analyze archives, directories and .py files into the store");
  analyze_cmd->add_option("PATH", analyze_options.paths,
                          "Archive (.tar.gz .tgz .tar.bz2 .tar.xz .tar .zip .whl .egg), directory or .py file; "
                          "none: every file fetch has verified and not yet analyzed");
  analyze_cmd->add_option("--db", analyze_options.db_path, "The store")->capture_default_str();
  analyze_cmd->add_option("--jobs,-j", analyze_options.jobs, "Worker threads (0: every core)")->capture_default_str();
  analyze_cmd->add_flag("--parse-all", analyze_options.file.parse_all,
                        "Parse every file whole, not only statements holding a finally: exact parse status for all files, "
                        "several times slower");
  analyze_cmd->add_option("--max-parse-bytes", analyze_options.file.max_parse_bytes,
                          "Files larger than this are counted but not parsed")->capture_default_str();
  analyze_cmd->add_option("--max-member-bytes", analyze_options.max_member_bytes,
                          "Members larger than this are streamed for their lines only, never held")->capture_default_str();
  bool quiet = false;
  analyze_cmd->add_flag("--quiet,-q", quiet, "No progress lines");

  FetchOptions fetch_options;
  std::string kinds = "sdist,wheel";
  CLI::App* fetch_cmd = app.add_subcommand("fetch", "Download the top-N projects' sdists and wheels, verified");
  add_fetch_options(fetch_cmd, fetch_options, kinds);
  fetch_cmd->add_option("--db", fetch_options.db_path, "The store")->capture_default_str();
  fetch_cmd->add_flag("--quiet,-q", quiet, "No progress");

  CLI::App* run_cmd = app.add_subcommand("run", "Fetch, analyze each package as soon as it is verified, then summarize");
  add_fetch_options(run_cmd, fetch_options, kinds);
  run_cmd->add_option("--db", fetch_options.db_path, "The store")->capture_default_str();
  run_cmd->add_option("--analyze-jobs", analyze_options.jobs, "Analysis threads (0: every core)")->capture_default_str();
  run_cmd->add_flag("--quiet,-q", quiet, "No progress");

  std::string db_path = "pep765.sqlite";
  std::string rule_name = "any";
  CLI::App* hits_cmd = app.add_subcommand("hits", "Print every hit as TSV");
  hits_cmd->add_option("--db", db_path, "The store")->capture_default_str();
  hits_cmd->add_option("--rule", rule_name, "cpython, exits or any")
      ->check(CLI::IsMember({"cpython", "exits", "any"}))->capture_default_str();

  bool as_json = false;
  CLI::App* summary_cmd = app.add_subcommand("summary", "Print the totals");
  summary_cmd->add_option("--db", db_path, "The store")->capture_default_str();
  summary_cmd->add_flag("--json", as_json, "As JSON (the only form for now)");

  ReportOptions report_options;
  CLI::App* report_cmd = app.add_subcommand("report", "The census beside PEP 765's figures, hits by category, charts");
  report_cmd->add_option("--db", report_options.db_path, "The store")->capture_default_str();
  report_cmd->add_option("--format", report_options.format, "text, markdown, json or html")
      ->check(CLI::IsMember({"text", "markdown", "json", "html"}))->capture_default_str();
  report_cmd->add_option("--out", report_options.out, "Write here instead of standard output");
  report_cmd->add_option("--rule", report_options.rule, "Which rule makes a hit: cpython or exits")
      ->check(CLI::IsMember({"cpython", "exits"}))->capture_default_str();
  report_cmd->add_option("--loc", report_options.loc, "Lines for the rate: physical, parsed or study")
      ->check(CLI::IsMember({"physical", "parsed", "study"}))->capture_default_str();

  ExportOptions export_options;
  CLI::App* export_cmd = app.add_subcommand("export", "One row per hit, with a drafted issue, as CSV or JSON lines");
  export_cmd->add_option("--db", export_options.db_path, "The store")->capture_default_str();
  export_cmd->add_option("--format", export_options.format, "csv or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))->capture_default_str();
  export_cmd->add_option("--rule", export_options.rule, "cpython, exits or any")
      ->check(CLI::IsMember({"cpython", "exits", "any"}))->capture_default_str();
  export_cmd->add_option("--category", export_options.category, "Only this category: test, intentional or bug")
      ->check(CLI::IsMember({"test", "intentional", "bug"}));
  export_cmd->add_option("--out", export_options.out, "Write here instead of standard output");

  CLI::App* triage_cmd = app.add_subcommand("triage", "A person's triage: export the hits to CSV, import corrections");
  triage_cmd->require_subcommand(1);
  std::string triage_db = "pep765.sqlite", triage_file;
  CLI::App* triage_export = triage_cmd->add_subcommand("export", "Write every hit with its category as CSV");
  triage_export->add_option("--db", triage_db, "The store")->capture_default_str();
  triage_export->add_option("--out", triage_file, "Write here instead of standard output");
  CLI::App* triage_import = triage_cmd->add_subcommand("import", "Take a person's categories and notes from CSV");
  triage_import->add_option("--db", triage_db, "The store")->capture_default_str();
  triage_import->add_option("FILE", triage_file, "CSV as triage export writes it")->required();

  std::string old_db, new_db, compare_format = "text", compare_rule = "cpython";
  CLI::App* compare_cmd = app.add_subcommand("compare", "Per package: hits fixed, new and unchanged between two stores");
  compare_cmd->add_option("OLD", old_db, "The older store")->required();
  compare_cmd->add_option("NEW", new_db, "The newer store")->required();
  compare_cmd->add_option("--format", compare_format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  compare_cmd->add_option("--rule", compare_rule, "cpython, exits or any")
      ->check(CLI::IsMember({"cpython", "exits", "any"}))->capture_default_str();

  analyze_cmd->add_option("--max-expanded-bytes", analyze_options.max_expanded_bytes,
                          "An archive expanding past this is stopped as a decompression bomb")->capture_default_str();
  analyze_cmd->add_option("--max-expansion-ratio", analyze_options.max_expansion_ratio,
                          "... or expanding past 100 MB at more than this ratio")->capture_default_str();

  std::string shard_text;
  for (CLI::App* cmd : {fetch_cmd, run_cmd, analyze_cmd})
    cmd->add_option("--shard", shard_text, "Only shard K of N (1-based) of the packages, by a stable hash of the name");

  std::string merge_out;
  std::vector<std::string> merge_inputs;
  CLI::App* merge_cmd = app.add_subcommand("merge", "Merge stores (the shards of a census) into one");
  merge_cmd->add_option("OUT", merge_out, "The merged store (created if missing)")->required();
  merge_cmd->add_option("IN", merge_inputs, "Stores to add")->required();

  CLI11_PARSE(app, argc, argv);
  install_stop_handlers();
  set_lock_timeout_seconds(lock_timeout);
  if (!take_shard(shard_text, fetch_options.shard) || !take_shard(shard_text, analyze_options.shard)) return 2;

  if ((fetch_cmd->parsed() || run_cmd->parsed()) && !parse_kinds(kinds, fetch_options)) {
    fmt::print(stderr, "pep765: --kinds takes sdist, wheel or sdist,wheel, not '{}'\n", kinds);
    return 2;
  }

  // An output that is the store (or its -wal/-shm) would destroy the census: refused.
  for (auto [cmd, db, out] : {std::tuple{report_cmd, &report_options.db_path, &report_options.out},
                              std::tuple{export_cmd, &export_options.db_path, &export_options.out},
                              std::tuple{triage_export, &triage_db, &triage_file}}) {
    if (cmd->parsed() && !out->empty() && names_store_file(*db, *out)) {
      fmt::print(stderr, "pep765: --out {} is the store {}: name another file\n", *out, *db);
      return 2;
    }
  }

  int status = 0;
  try {
    if (analyze_cmd->parsed()) {
      analyze_options.progress = !quiet;
      const bool from_store = analyze_options.paths.empty();
      if (from_store) analyze_options.paths = fetched_paths(analyze_options.db_path);
      AnalyzeTotals totals = analyze(analyze_options);
      print_analyze_totals(totals, analyze_options.db_path);
      status = totals.something_failed() ? 1 : 0;
      if (totals.inputs == 0) {
        fmt::print(stderr, "pep765: {}\n",
                   from_store ? "the store holds no fetched files: give PATHs, or run fetch first" : "nothing to analyze");
        status = 2;
      }
    } else if (fetch_cmd->parsed()) {
      fetch_options.progress = !quiet;
      FetchTotals totals = fetch(fetch_options);
      print_fetch_totals(totals, fetch_options.dest);
      status = totals.failed() ? 1 : 0;
    } else if (run_cmd->parsed()) {
      // Fetch on this thread; analysis takes each package from the feed as soon as it is verified.
      fetch_options.progress = !quiet;
      InputFeed feed;
      analyze_options.db_path = fetch_options.db_path;
      analyze_options.feed = &feed;
      analyze_options.progress = false;
      fetch_options.on_package_ready = [&feed](const std::vector<std::string>& paths) { feed.push(paths); };
      { Db create(fetch_options.db_path); }  // the schema is in place before two connections share it
      AnalyzeTotals analyzed;
      std::exception_ptr analysis_error;
      std::thread analysis([&] {
        try {
          analyzed = analyze(analyze_options);
        } catch (...) {
          analysis_error = std::current_exception();
        }
      });
      FetchTotals fetched;
      try {
        fetched = fetch(fetch_options);
      } catch (...) {
        feed.close();
        analysis.join();
        throw;
      }
      feed.close();
      analysis.join();
      if (analysis_error) std::rethrow_exception(analysis_error);
      print_fetch_totals(fetched, fetch_options.dest);
      print_analyze_totals(analyzed, fetch_options.db_path);
      fmt::print("{}\n", summary(fetch_options.db_path).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
      status = fetched.failed() || analyzed.something_failed() ? 1 : 0;
    } else if (hits_cmd->parsed()) {
      RuleFilter rule = rule_name == "cpython" ? RuleFilter::Cpython
                        : rule_name == "exits" ? RuleFilter::Exits : RuleFilter::Any;
      print_hits(db_path, rule, stdout);
    } else if (report_cmd->parsed()) {
      write_report(report_options);
    } else if (export_cmd->parsed()) {
      export_hits(export_options);
    } else if (triage_export->parsed()) {
      export_triage(triage_db, triage_file);
    } else if (triage_import->parsed()) {
      TriageImport n = import_triage(triage_db, triage_file);
      fmt::print(stderr, "pep765: took {} triaged hits from {} into {} ({} left as the program had them)\n", n.taken,
                 triage_file, triage_db, n.unchanged);
    } else if (merge_cmd->parsed()) {
      MergeTotals m = merge_stores(merge_out, merge_inputs);
      fmt::print(stderr, "pep765: merged {} stores into {}: {} artifacts, {} contents, {} packages\n", m.stores, merge_out,
                 m.artifacts, m.contents, m.packages);
    } else if (compare_cmd->parsed()) {
      compare_stores(old_db, new_db, compare_rule, compare_format, stdout);
    } else if (summary_cmd->parsed()) {
      fmt::print("{}\n", summary(db_path).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    }
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
