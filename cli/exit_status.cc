#include "cli/exit_status.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common/error.h"
#include "common/stop.h"

namespace pep765::cli {

int exit_status(Outcome outcome) {
  switch (outcome) {
    case Outcome::Done: return 0;
    case Outcome::Failed:
    case Outcome::Hits: return 1;
    case Outcome::Usage:
    case Outcome::NoInput:
    case Outcome::Incomplete: return 2;
    case Outcome::Stopped: return 128 + stop_signal();
  }
  return 1;
}

Outcome run_command(const std::function<Outcome()>& command) {
  try {
    return command();
  } catch (const CLI::ValidationError& e) {
    fmt::print(stderr, "pep765: {}\n", e.what());
    return Outcome::Usage;
  } catch (const Error& e) {
    fmt::print(stderr, "pep765: {}\n", e.what());
    return e.kind == Error::Kind::Usage ? Outcome::Usage : Outcome::Failed;
  } catch (const std::exception& e) {
    fmt::print(stderr, "pep765: {}\n", e.what());
    return Outcome::Failed;
  }
}

Outcome stopped_by_signal() {
  fmt::print(stderr, "pep765: stopped by signal {}; what was done is committed: rerun the same command to go on\n",
             stop_signal());
  return Outcome::Stopped;
}

}  // namespace pep765::cli
