// pep765: the entry point. It only parses the command line and wires the stages.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "analyze/analyze.h"
#include "common/timings.h"
#include "report/readout.h"
#include "sql/db.h"

using namespace pep765;

int main(int argc, char** argv) {
  CLI::App app{"pep765: how often Python code leaves a finally block with return, break or continue"};
  app.set_version_flag("--version", std::string("pep765 ") + PEP765_VERSION);
  app.require_subcommand(1);
  bool show_timings = false;
  app.add_flag("--timings", show_timings, "Print where the time went");

  AnalyzeOptions analyze_options;
  CLI::App* analyze_cmd = app.add_subcommand("analyze", "Analyze archives, directories and .py files into the store");
  analyze_cmd->add_option("PATH", analyze_options.paths, "Archive (.tar.gz .tgz .tar.bz2 .tar.xz .zip .whl .egg), directory or .py file")
      ->required();
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

  CLI11_PARSE(app, argc, argv);

  int status = 0;
  try {
    if (analyze_cmd->parsed()) {
      analyze_options.progress = !quiet;
      AnalyzeTotals totals = analyze(analyze_options);
      fmt::print(stderr,
                 "pep765: {} inputs: {} analyzed ({} ok, {} partial, {} failed), {} unchanged; {} files, "
                 "{} new contents, {} hits -> {}\n",
                 totals.inputs, totals.ok + totals.partial + totals.failed, totals.ok, totals.partial,
                 totals.failed, totals.skipped, totals.files, totals.contents_analyzed, totals.hits,
                 analyze_options.db_path);
      if (totals.inputs == 0) {
        fmt::print(stderr, "pep765: nothing to analyze\n");
        status = 2;
      }
    } else if (hits_cmd->parsed()) {
      RuleFilter rule = rule_name == "cpython" ? RuleFilter::Cpython
                        : rule_name == "exits" ? RuleFilter::Exits : RuleFilter::Any;
      print_hits(db_path, rule, stdout);
    } else if (summary_cmd->parsed()) {
      fmt::print("{}\n", summary(db_path).dump(2));
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "pep765: {}\n", e.what());
    status = 1;
  }
  if (show_timings) fmt::print(stderr, "{}", timings().format());
  return status;
}
