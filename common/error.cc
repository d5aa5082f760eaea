#include "common/error.h"

#include <cstring>

namespace pep765 {

std::string error_message(const std::string& subject, const std::string& action, const std::string& reason) {
  std::string out = subject;
  for (const std::string* part : {&action, &reason}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ": ";
    out += *part;
  }
  return out;
}

Error::Error(Kind kind, std::string subject, std::string action, std::string reason)
    : std::runtime_error(error_message(subject, action, reason)),
      kind(kind),
      subject(std::move(subject)),
      action(std::move(action)),
      reason(std::move(reason)) {}

Error Error::from_errno(std::string subject, std::string action, int err) {
  return Error(Kind::Input, std::move(subject), std::move(action), std::strerror(err));
}

}  // namespace pep765
