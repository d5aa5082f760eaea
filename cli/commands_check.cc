// check: the rule over a maintainer's own files, directories and archives, as a linter: one
// line per hit (or JSON, SARIF, GitHub annotations, GitLab Code Quality, JUnit), exit 1 when
// there are hits and 2 when it could not do what it was asked; no store. Settings the command
// line leaves unset come from [tool.pep765] in the nearest pyproject.toml.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/check_config.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "common/error.h"
#include "common/printable.h"

namespace pep765::cli {

namespace {

const std::vector<std::pair<std::string, LintFormat>> kFormats{
    {"text", LintFormat::Text},     {"json", LintFormat::Json},     {"sarif", LintFormat::Sarif},
    {"github", LintFormat::Github}, {"gitlab", LintFormat::Gitlab}, {"junit", LintFormat::Junit}};

// ruff's default `exclude` as check has always applied it (hidden directories as one pattern):
// version control, virtual environments, tool caches and build output.
const std::vector<std::string> kDefaultExclude{".*",           "__pycache__",  "__pypackages__", "_build", "buck-out",
                                               "build",        "dist",         "node_modules",   "site-packages",
                                               "venv"};

std::string working_directory() {
  std::error_code ec;
  return std::filesystem::current_path(ec).string();
}

// The settings in force: the command line's, else the configuration's, else the defaults.
CheckCommandOptions settle(const CheckCommandOptions& given, const CLI::App& cmd) {
  CheckCommandOptions o = given;
  const std::string first = o.check.paths.empty() || o.check.paths[0] == "-" ? "" : o.check.paths[0];
  const std::optional<CheckConfig> config = find_check_config(first);
  auto unset = [&](const char* option) { return cmd.count(option) == 0; };
  if (config && config->rule && unset("--rule")) o.lint.rule = *parse_rule(*config->rule);
  if (config && config->output_format && unset("--output-format") && unset("--format"))
    for (const auto& [name, format] : kFormats)
      if (name == *config->output_format) o.lint.format = format;
  if (config && config->respect_gitignore && unset("--respect-gitignore")) o.respect_gitignore = *config->respect_gitignore;
  const std::string cwd = working_directory();
  std::vector<IgnoreList>& exclude = o.check.filter.exclude;
  if (!unset("--exclude")) exclude.emplace_back(cwd, o.exclude, "--exclude");
  else if (config && config->exclude) exclude.emplace_back(config->directory, *config->exclude, config->file + ": exclude");
  else exclude.emplace_back(cwd, kDefaultExclude, "default exclude");
  if (config && !config->extend_exclude.empty())
    exclude.emplace_back(config->directory, config->extend_exclude, config->file + ": extend-exclude");
  if (!o.extend_exclude.empty()) exclude.emplace_back(cwd, o.extend_exclude, "--extend-exclude");
  o.check.filter.respect_gitignore = o.respect_gitignore;
  // `-` is standard input, named by --stdin-filename.
  std::erase_if(o.check.paths, [&](const std::string& p) {
    if (p != "-") return false;
    o.check.stdin_name = o.stdin_filename.empty() ? "-" : o.stdin_filename;
    return true;
  });
  return o;
}

Outcome check(const CheckCommandOptions& given, const CLI::App& cmd) {
  const CheckCommandOptions o = settle(given, cmd);
  // The output is opened first: one that cannot be written fails before the work.
  std::FILE* sink = stdout;
  if (!o.out.empty()) {
    sink = std::fopen(o.out.c_str(), "wb");
    if (!sink) {
      fmt::print(stderr, "pep765: {}\n", Error::from_errno(o.out, "cannot write", errno).what());
      return Outcome::Incomplete;
    }
  }
  CheckResult result = check_paths(o.check);
  for (const std::string& p : result.problems) fmt::print(stderr, "pep765: {}\n", p);
  if (o.verbose)
    for (const std::string& s : result.skipped) fmt::print(stderr, "pep765: skipped {}\n", printable(s));
  if (o.verbose)
    for (const std::string& a : result.archives_not_read)
      fmt::print(stderr, "pep765: {}: an archive in a walked directory, not read\n", printable(a));
  const LintCounts n = write_lint(result, o.lint, sink, stderr);
  bool written = std::ferror(sink) == 0;
  if (sink != stdout) written = std::fclose(sink) == 0 && written;
  else written = std::fflush(sink) == 0 && written;
  if (!written) fmt::print(stderr, "pep765: {}: cannot write: {}\n", o.out.empty() ? "standard output" : o.out,
                           std::strerror(errno));
  if (!o.quiet) {
    std::string notes;
    if (n.suppressed) notes += fmt::format("; {} suppressed", n.suppressed);
    if (n.unparsed) notes += fmt::format("; {} {} not parse", n.unparsed, n.unparsed == 1 ? "file does" : "files do");
    if (const size_t a = result.archives_not_read.size())
      notes += fmt::format("; {} {} in walked directories not read (name {} to check {})", a,
                           a == 1 ? "archive" : "archives", a == 1 ? "it" : "them", a == 1 ? "it" : "them");
    fmt::print(stderr, "pep765: {} {} checked: {} {} ({} rule){}\n", result.files, result.files == 1 ? "file" : "files",
               n.hits, n.hits == 1 ? "hit" : "hits", rule_name(o.lint.rule), notes);
  }
  if (!result.problems.empty() || !written || (o.strict && n.unparsed)) return Outcome::Incomplete;
  return n.hits && !o.exit_zero ? Outcome::Hits : Outcome::Done;
}

}  // namespace

void add_check_command(CLI::App& app, CheckCommandOptions& o, std::vector<Command>& commands) {
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Lint files, directories and archives: one line per hit; exit 1 with hits, 2 when a path cannot be read "
      "(no store)");
  cmd->add_option("PATH", o.check.paths,
                  "A .py file, a directory (walked for .py files), an archive, or - for standard input")
      ->required();
  add_choice(cmd, "--rule", o.lint.rule, rule_choices({Rule::Cpython, Rule::Exits, Rule::Any}),
             "Which hits: cpython (what Python 3.14 warns about), exits or any");
  cmd->add_option("--select", o.lint.select, "Only these codes (comma-separated): PEP765, PEP765X")
      ->delimiter(',')
      ->check(CLI::IsMember({"PEP765", "PEP765X"}));
  // --format and -o/--out, as every command spells them; ruff's --output-format and --output
  // are taken too (hidden), so a ruff user's habits work.
  add_choice(cmd, "--format", o.lint.format, kFormats,
             "text (path:line:col: CODE message), json, sarif (SARIF 2.1.0), github (workflow annotations), "
             "gitlab (Code Quality), junit (JUnit XML); also --output-format");
  add_choice(cmd, "--output-format", o.lint.format, kFormats, "")->group("");
  cmd->add_option("-o,--out", o.out, "Write here instead of standard output");
  cmd->add_option("--output", o.out, "")->group("");
  cmd->add_flag("--statistics", o.lint.statistics, "A count per code (and of suppressed hits) instead of the hits");
  cmd->add_flag("--ignore-noqa", o.check.ignore_noqa,
                "Report hits marked `# noqa` (or `# pylint: disable=lost-exception`) too");
  cmd->add_flag("--exit-zero", o.exit_zero, "Exit 0 even with hits (2 still means something could not be checked)");
  cmd->add_option("--exclude", o.exclude,
                  "gitignore-style patterns walks leave out, replacing the defaults (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--extend-exclude", o.extend_exclude, "Patterns left out besides the defaults (comma-separated)")
      ->delimiter(',');
  cmd->add_flag("--respect-gitignore,!--no-respect-gitignore", o.respect_gitignore,
                "Leave out what .gitignore, .ignore and .git/info/exclude ignore (default: yes)");
  cmd->add_option("--stdin-filename", o.stdin_filename, "The name standard input (PATH -) is reported under");
  add_cpython314_option(cmd, o.check.pyodide_dir);
  cmd->add_flag("--strict", o.strict, "Exit 2 when a file does not parse (it cannot be fully checked)");
  cmd->add_option("--jobs,-j", o.check.jobs, "Worker threads (0: every core)")->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_flag("--verbose,-v", o.verbose, "Name every directory and file walks leave out, with the pattern");
  cmd->add_flag("--quiet,-q", o.quiet, "No closing count on standard error");
  commands.push_back({cmd, [&o, cmd] { return check(o, *cmd); }});
}

}  // namespace pep765::cli
