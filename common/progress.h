// Progress of a long stage on standard error: on a terminal, one line redrawn in place (a bar,
// the phase, counts, the rate and the time left), at most five times a second; otherwise a
// plain line every five seconds, so logs stay readable.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace pep765 {

class Progress {
 public:
  // `unit`: what `done` and `total` count ("packages", "MB"): the ETA is taken from them.
  Progress(bool enabled, std::string unit);
  // Shows the state now if it is time to (`final`: always, and ends the line).
  void show(const std::string& phase, double done, double total, const std::string& detail, bool final = false);
  // Before printing anything else on standard error: ends an open in-place line.
  void interrupt();
  bool on_terminal() const { return tty_; }

 private:
  bool enabled_, tty_;
  std::string unit_;
  std::chrono::steady_clock::time_point started_, last_;
  bool line_open_ = false;
};

// "1:05", "2:03:10"; "--" when unknown.
std::string clock_text(double seconds);

}  // namespace pep765
