#include "common/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

namespace pep765 {

std::string clock_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  const int64_t s = int64_t(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

Progress::Progress(bool enabled, std::string unit)
    : enabled_(enabled), tty_(isatty(STDERR_FILENO)), unit_(std::move(unit)),
      started_(std::chrono::steady_clock::now()) {}

void Progress::show(const std::string& phase, double done, double total, const std::string& detail, bool final) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const auto gap = std::chrono::milliseconds(tty_ ? 200 : 5000);
  if (!final && last_ != std::chrono::steady_clock::time_point{} && now - last_ < gap) return;
  if (!final && last_ == std::chrono::steady_clock::time_point{} && now - started_ < gap) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - started_).count();
  // The time left at the rate so far; unknown until something is done.
  const double left = done > 0 && total > done ? secs * (total - done) / done : done >= total && total > 0 ? 0 : NAN;
  const std::string rate = secs > 0 ? fmt::format("{:.1f} {}/s", done / secs, unit_) : "";
  const std::string counts = unit_ == "MB" ? fmt::format("{:.0f}/{:.0f} MB", done, total)
                                           : fmt::format("{:.0f}/{:.0f} {}", done, total, unit_);
  if (tty_) {
    const int width = 24;
    const int filled = total > 0 ? int(width * std::min(1.0, done / total)) : 0;
    fmt::print(stderr, "\r\x1b[K{:<10} [{}{}] {}, {}{}, {} elapsed, ETA {}", phase, std::string(filled, '#'),
               std::string(width - filled, '.'), counts, rate, detail.empty() ? "" : ", " + detail, clock_text(secs),
               clock_text(left));
    line_open_ = !final;
    if (final) fmt::print(stderr, "\n");
  } else {
    fmt::print(stderr, "pep765: {}: {}, {}{}, {} elapsed, ETA {}\n", phase, counts, rate,
               detail.empty() ? "" : ", " + detail, clock_text(secs), clock_text(left));
  }
}

void Progress::interrupt() {
  if (line_open_) fmt::print(stderr, "\n");
  line_open_ = false;
}

}  // namespace pep765
