// The commands, in three groups, each registering its commands on the program's CLI::App and
// binding them to its option struct. The structs live on main's stack: what the command line
// sets, every choice already an enum, is read from there by the one function a command runs.
#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/check.h"
#include "cli/exit_status.h"
#include "cli/run.h"
#include "common/choices.h"
#include "fetch/fetch.h"
#include "report/lint.h"
#include "report/export.h"
#include "report/readout.h"
#include "report/report.h"
#include "report/triage.h"

namespace pep765::cli {

// A command: its (sub)command on the command line, and what it does once parsed. `store` and
// `out`, when set, name its store and its output file: an output that is the store (or its
// -wal/-shm) would destroy the census, and is refused before the command starts.
struct Command {
  CLI::App* app = nullptr;
  std::function<Outcome()> run;
  const std::string* store = nullptr;
  const std::string* out = nullptr;
};

// --kinds: which files fetch takes.
enum class Kinds { Sdist, Wheel, Both };

// fetch, run, analyze, merge: the census, written into the store.
struct CensusOptions {
  struct {
    FetchOptions fetch;
    Kinds kinds = Kinds::Both;
    PlanFormat plan_format = PlanFormat::Text;
    std::vector<Pick> picks{Pick::Latest};  // --pick: one selection per rule, in this order
    bool quiet = false;
    bool verify_duplicates = false;  // read ranged wheels' members the sdist gave too
  } fetch;
  struct {
    FetchOptions fetch;
    AnalyzeOptions analyze;
    Kinds kinds = Kinds::Both;
    PlanFormat plan_format = PlanFormat::Text;
    std::vector<Pick> picks{Pick::Latest};
    bool quiet = false;
    std::string cpython314_dir;
  } run;
  struct {
    AnalyzeOptions analyze;
    bool quiet = false;
    std::string cpython314_dir;
  } analyze;
  struct {
    std::string out;
    std::vector<std::string> inputs;
  } merge;
};
void add_census_commands(CLI::App& app, CensusOptions& o, std::vector<Command>& commands);

// check: the rule over a maintainer's own tree, as a linter; no store.
// Each setting the command line leaves unset is taken from [tool.pep765] (cli/check_config.h).
struct CheckCommandOptions {
  CheckOptions check;
  LintRequest lint;
  std::string out;
  bool quiet = false;
  bool verbose = false;    // name what walks leave out
  bool exit_zero = false;  // hits alone do not fail
  bool strict = false;     // a file that does not parse fails (exit 2)
  std::vector<std::string> exclude;         // replaces the defaults
  std::vector<std::string> extend_exclude;  // added to them
  bool respect_gitignore = true;
  std::string stdin_filename;
};
void add_check_command(CLI::App& app, CheckCommandOptions& o, std::vector<Command>& commands);

// What report and trend share: the store, a format, an output file, the rate's lines.
struct Rendering {
  std::string db = "pep765.sqlite";
  ReportFormat format = ReportFormat::Text;
  std::string out;
  LineDefinition loc = LineDefinition::Physical;
};

// hits, summary, report, export, trend, compare, triage: they read the store, opened read-only.
struct ReadOptions {
  struct {
    std::string db = "pep765.sqlite";
    Rule rule = Rule::Cpython;
  } hits;
  struct {
    std::string db = "pep765.sqlite";
    bool json = false;
  } summary;
  struct {
    Rendering rendering;
    Rule rule = Rule::Cpython;
  } report;
  ExportOptions exporting;  // report/export.h's own struct: the command line fills it as it is
  Rendering trend;
  struct {
    std::string old_db, new_db;
    CompareFormat format = CompareFormat::Text;
    Rule rule = Rule::Cpython;
  } compare;
  struct {
    std::string db = "pep765.sqlite";
    std::string file;
  } triage;
};
void add_read_commands(CLI::App& app, ReadOptions& o, std::vector<Command>& commands);

}  // namespace pep765::cli
