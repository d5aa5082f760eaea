// How a command ends, and the one map from that to the exit status. Usage errors exit 2, as
// ruff, git and POSIX tools do; a failure of the work exits 1; `check` exits 1 for hits and 2
// when it could not do what it was asked (a path it could not read, an output it could not
// write, a bad configuration), whatever it found; a stop by signal exits 128 + N.
#pragma once
#include <functional>

namespace pep765::cli {

enum class Outcome {
  Done,       // 0
  Failed,     // 1: something the command had to do failed, or the store did
  Hits,       // 1: check found hits
  Usage,      // 2: the command line asks for something that cannot be done
  NoInput,    // 2: analyze had nothing to analyze
  Incomplete, // 2: check could not read a path or write its output (each named with the reason)
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
