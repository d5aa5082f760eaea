// One error model. Untrusted input and the system are checked at the edges; what fails there
// becomes a pep765::Error naming what was being done, to what, and why ("out.csv: cannot write:
// Permission denied"). Inside a stage a per-item failure is recorded on that item in the store
// and counted, never thrown; only usage errors and store-level failures (sql/db.h's DbError, a
// Work error) stop a command, and cli/ maps each kind to the exit status in one place
// (cli/exit_status.cc: Usage 2, Input and Work 1; check reports its unreadable paths as 2).
#pragma once
#include <stdexcept>
#include <string>

namespace pep765 {

struct Error : std::runtime_error {
  enum class Kind {
    Usage,  // the command line asks for something that cannot be done (exit 2)
    Input,  // a file, URL or list the user named cannot be read or written (exit 1)
    Work,   // the command ran and something it had to do failed (exit 1)
  };
  Kind kind;
  std::string subject;  // the thing: a path, URL, project, option (may be empty)
  std::string action;   // what was being done: "cannot write", "not a pep765 store"
  std::string reason;   // why: the system's words (strerror) or ours (may be empty)

  Error(Kind kind, std::string subject, std::string action, std::string reason = "");
  // The message for errno `err` (strerror), as Kind::Input.
  static Error from_errno(std::string subject, std::string action, int err);
};

// "subject: action: reason", leaving out the empty parts: how every Error reads.
std::string error_message(const std::string& subject, const std::string& action, const std::string& reason);

}  // namespace pep765
