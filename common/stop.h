// A polite stop: SIGINT or SIGTERM asks the stages to start no new work, finish and commit
// what is under way, and say so. A second signal ends the process at once (the store is
// still consistent: every commit is whole).
#pragma once

namespace pep765 {

void install_stop_handlers();
bool stop_requested();
// The signal that asked (SIGINT, SIGTERM), or 0.
int stop_signal();

}  // namespace pep765
