// pep765: the entry point. It parses the command line into typed option structs (every value
// checked once, in cli/options.cc and where each command registers), runs the one function of
// the command given, and maps how it ended to the exit status (cli/exit_status.h).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "common/stop.h"
#include "common/suggest.h"
#include "common/timings.h"
#include "sql/db.h"

using namespace pep765;
using namespace pep765::cli;

namespace {

// Options that go before or after the command, as git's and ruff's do.
struct GlobalOptions {
  bool timings = false;
  int lock_timeout = 30;
};

// Everything the command line sets, on main's stack.
struct CommandLine {
  GlobalOptions global;
  CensusOptions census;
  CheckCommandOptions check;
  ReadOptions read;
};

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// The subcommand of `app` named `name`, or null.
const CLI::App* command_named(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

void say_unknown_command(const CLI::App& app, const std::string& word, const std::string& parent) {
  fmt::print(stderr, "pep765: '{}' is not a {} command{} (see {} --help)\n", word, parent,
             did_you_mean(word, command_names(app)), parent);
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
    if (command_named(app, arg)) return false;
    say_unknown_command(app, arg, "pep765");
    return true;
  }
  return false;
}

// "pep765 triage export" for triage's export.
std::string command_path(const CLI::App* app) {
  std::string path;
  for (; app; app = app->get_parent()) path = app->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

// `pep765 help [COMMAND [SUBCOMMAND]]`: the same text as `pep765 COMMAND --help`.
Outcome print_help(const CLI::App& app, const std::vector<std::string>& topic) {
  const CLI::App* at = &app;
  for (const std::string& word : topic) {
    const CLI::App* next = command_named(*at, word);
    if (!next) {
      say_unknown_command(*at, word, command_path(at));
      return Outcome::Usage;
    }
    at = next;
  }
  // help() names the command after the path given, as `COMMAND --help` does.
  // (The program's own help() would describe `help`, the command the line selected.)
  fmt::print("{}", at == &app ? app.get_formatter()->make_help(&app, "pep765", CLI::AppFormatMode::Normal)
                              : at->help(command_path(at->get_parent())));
  return Outcome::Done;
}

// The innermost command the line named ("pep765 triage export"), for messages about its options.
const CLI::App* innermost_parsed(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->parsed()) return innermost_parsed(*sub);
  return &app;
}

// A mistyped option, in CLI11's "The following arguments were not expected: ..." error: the
// closest option of the command that was given (or of the program), as git says it.
std::string option_suggestion(const CLI::App& app) {
  const CLI::App* command = innermost_parsed(app);
  std::vector<std::string> names;
  for (const CLI::App* at = command; at; at = at->get_parent())
    for (const CLI::Option* option : at->get_options())
      for (const std::string& long_name : option->get_lnames()) names.push_back("--" + long_name);
  for (const std::string& extra : app.remaining(true)) {
    if (!extra.starts_with("--")) continue;
    const std::string word = extra.substr(0, extra.find('='));
    if (std::string best = closest_name(word, names); !best.empty()) return fmt::format(" (did you mean '{}'?)", best);
  }
  return "";
}

// The command the line named (one: the program and triage each require one).
const Command* parsed_command(const std::vector<Command>& commands) {
  for (const Command& command : commands)
    if (command.app->parsed()) return &command;
  return nullptr;
}

// An output that is the command's store (or its -wal/-shm) would destroy the census: refused
// before the command starts.
bool refuses_store_as_output(const Command& command) {
  if (!command.out || command.out->empty() || !names_store_file(*command.store, *command.out)) return false;
  fmt::print(stderr, "pep765: --out {} is the store {}: name another file\n", *command.out, *command.store);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  // libarchive's zip reader converts every member's DOS time with mktime(), and glibc reads
  // the zone file again on each call while TZ is unset (a stat per member, a tenth of reading
  // a wheel). Naming the same zone file keeps local time as it was and reads it once.
  setenv("TZ", ":/etc/localtime", 0);
  CLI::App app{"pep765: how often Python code leaves a finally block with return, break or continue", "pep765"};
  app.set_version_flag("--version", std::string("pep765 ") + PEP765_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  CommandLine line;
  app.add_flag("--timings", line.global.timings, "Print where the time went");
  app.add_option("--lock-timeout", line.global.lock_timeout, "Seconds to wait for a store or a --dest folder another process is writing to")
      ->check(CLI::Range(0, 86400))->capture_default_str();

  std::vector<Command> commands;
  add_census_commands(app, line.census, commands);
  add_check_command(app, line.check, commands);
  add_read_commands(app, line.read, commands);
  std::vector<std::string> help_topic;
  CLI::App* help = app.add_subcommand("help", "Print the help of pep765 or of a command (pep765 help triage export)");
  help->add_option("COMMAND", help_topic, "The command (and subcommand) to describe");
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) sub->fallthrough();

  if (unknown_command(app, argc, argv)) return exit_status(Outcome::Usage);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    app.exit(e);  // --help, --version (CLI11 signals them as Success)
    return exit_status(Outcome::Done);
  } catch (const CLI::ParseError& e) {
    const std::string suggestion = dynamic_cast<const CLI::ExtrasError*>(&e) ? option_suggestion(app) : "";
    fmt::print(stderr, "pep765: {}{} (see {} --help)\n", e.what(), suggestion, command_path(innermost_parsed(app)));
    return exit_status(Outcome::Usage);
  }
  if (help->parsed()) return exit_status(print_help(app, help_topic));
  install_stop_handlers();
  set_lock_timeout_seconds(line.global.lock_timeout);

  const Command* command = parsed_command(commands);
  if (command && refuses_store_as_output(*command)) return exit_status(Outcome::Usage);
  Outcome outcome = command ? run_command(command->run) : Outcome::Done;
  if (line.global.timings) fmt::print(stderr, "{}", timings().format());
  if (stop_requested()) outcome = stopped_by_signal();
  return exit_status(outcome);
}
