#include "common/timings.h"

#include <fmt/format.h>
#include <time.h>

#include <memory>

namespace pep765 {

Timings& timings() {
  static Timings instance;
  return instance;
}

size_t Timings::open_wall(std::string name, int depth) {
  std::lock_guard lock(mutex_);
  walls_.push_back({std::move(name), depth, 0.0});
  return walls_.size() - 1;
}

void Timings::close_wall(size_t index, double seconds) {
  std::lock_guard lock(mutex_);
  walls_[index].seconds = seconds;
}

void Timings::add_phase(const char* name, int64_t nanoseconds) {
  // Phase names are string literals: a short linear search beats hashing for a handful.
  std::atomic<int64_t>* total = nullptr;
  {
    std::lock_guard lock(mutex_);
    for (auto& [n, t] : phases_)
      if (n == name) { total = t; break; }
    if (!total) {
      phase_storage_.push_back(std::make_unique<std::atomic<int64_t>>(0));
      total = phase_storage_.back().get();
      phases_.emplace_back(name, total);
    }
  }
  total->fetch_add(nanoseconds, std::memory_order_relaxed);
}

std::string Timings::format() const {
  std::lock_guard lock(mutex_);
  std::string out = "timings (wall seconds):\n";
  for (const auto& r : walls_)
    out += fmt::format("  {:>9.3f}  {}{}\n", r.seconds, std::string(2 * r.depth, ' '), r.name);
  if (!phases_.empty()) {
    out += "phases (seconds each worker spent, summed over workers):\n";
    for (const auto& [n, t] : phases_)
      out += fmt::format("  {:>9.3f}  {}\n", t->load() / 1e9, n);
  }
  return out;
}

ScopedTimer::ScopedTimer(std::string name)
    : index_(timings().open_wall(std::move(name), timings().depth++)),
      start_(std::chrono::steady_clock::now()) {}

ScopedTimer::~ScopedTimer() {
  timings().depth--;
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  timings().close_wall(index_, elapsed.count());
}

int64_t PhaseClock::now_ns() {
  // The monotonic clock, read in user space (vDSO): a phase is timed several times per file,
  // and the thread CPU clock costs a system call each time (3% of a census). Workers are busy
  // while they time a phase, so the sum over workers still says how much of the machine the
  // phase used, unless other processes take the cores.
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace pep765
