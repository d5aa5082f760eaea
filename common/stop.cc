#include "common/stop.h"

#include <csignal>
#include <unistd.h>

namespace pep765 {

namespace {

volatile std::sig_atomic_t requested = 0;

void on_signal(int sig) {
  if (requested) {
    // Asked twice: stop now, as the default action would.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  requested = sig;
  static const char message[] = "\npep765: stopping: finishing and committing the work under way (again to stop at once)\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
}

}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool stop_requested() { return requested != 0; }
int stop_signal() { return requested; }

}  // namespace pep765
