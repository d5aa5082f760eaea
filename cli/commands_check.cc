// check: the rule over a maintainer's own files, directories and archives, as a linter: one
// line per hit (or SARIF), exit 1 when there are hits; no store.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>

#include "cli/commands.h"
#include "cli/options.h"
#include "common/error.h"

namespace pep765::cli {

namespace {

Outcome check(const CheckCommandOptions& o) {
  CheckResult result = check_paths(o.check);
  for (const std::string& p : result.problems) fmt::print(stderr, "pep765: {}\n", p);
  std::FILE* sink = stdout;
  if (!o.out.empty()) {
    sink = std::fopen(o.out.c_str(), "wb");
    if (!sink) throw Error::from_errno(o.out, "cannot write", errno);
  }
  const LintCounts n = write_lint(result, o.rule, o.format, sink, stderr);
  if (sink != stdout && std::fclose(sink) != 0) throw Error::from_errno(o.out, "cannot write", errno);
  if (!o.quiet)
    fmt::print(stderr, "pep765: {} {} checked: {} {} ({} rule){}\n", result.files, result.files == 1 ? "file" : "files",
               n.hits, n.hits == 1 ? "hit" : "hits", rule_name(o.rule),
               n.unparsed ? fmt::format("; {} files do not parse", n.unparsed) : "");
  if (n.hits) return Outcome::Hits;
  return result.problems.empty() ? Outcome::Done : Outcome::NoInput;
}

}  // namespace

void add_check_command(CLI::App& app, CheckCommandOptions& o, std::vector<Command>& commands) {
  CLI::App* cmd = app.add_subcommand(
      "check", "Lint files, directories and archives: one line per hit; exit 1 when there are hits (no store)");
  cmd->add_option("PATH", o.check.paths, "A .py file, a directory (walked for .py files) or an archive")->required();
  add_choice(cmd, "--rule", o.rule, rule_choices({Rule::Cpython, Rule::Exits, Rule::Any}),
             "Which hits: cpython (what Python 3.14 warns about), exits or any");
  add_choice(cmd, "--format", o.format, {{"text", LintFormat::Text}, {"sarif", LintFormat::Sarif}},
             "text (path:line:col: CODE message) or sarif (SARIF 2.1.0)");
  cmd->add_option("--output,-o", o.out, "Write here instead of standard output");
  cmd->add_option("--jobs,-j", o.check.jobs, "Worker threads (0: every core)")->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_flag("--quiet,-q", o.quiet, "No closing count on standard error");
  commands.push_back({cmd, [&o] { return check(o); }});
}

}  // namespace pep765::cli
