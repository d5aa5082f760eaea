// How a command ends, and the one map from that to the exit status. Usage errors exit 2, as
// ruff, git and POSIX tools do; a failure of the work exits 1; `check` exits 1 for hits and 2
// when a path could not be read and nothing was found; a stop by signal exits 128 + N.
#pragma once
#include <functional>

namespace pep765::cli {

enum class Outcome {
  Done,       // 0
  Failed,     // 1: something the command had to do failed, or the store did
  Hits,       // 1: check found hits
  Usage,      // 2: the command line asks for something that cannot be done
  NoInput,    // 2: analyze had nothing to analyze; check could not read a path and found nothing
  Stopped,    // 128 + the signal: what was done is committed
};

// The one place an outcome becomes an exit status.
int exit_status(Outcome outcome);

// Runs a parsed command. An exception it throws is printed as one line "pep765: ..." and
// becomes its outcome: a usage error (CLI11's validation, pep765::Error of Kind::Usage) is
// Usage, any other (pep765::Error, the store's DbError, the system's) is Failed.
Outcome run_command(const std::function<Outcome()>& command);

// After a stop by signal: says so, and what to do next.
Outcome stopped_by_signal();

}  // namespace pep765::cli
