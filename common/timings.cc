#include "common/timings.h"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

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

Timings::ThreadPhases& Timings::this_threads_phases() {
  // Per thread, and per Timings object: a thread never adds to another object's totals.
  thread_local const Timings* owner = nullptr;
  thread_local ThreadPhases* mine = nullptr;
  if (owner != this) {
    std::lock_guard lock(mutex_);
    thread_phases_.push_back(std::make_unique<ThreadPhases>());
    mine = thread_phases_.back().get();
    owner = this;
  }
  return *mine;
}

void Timings::add_phase(const char* name, int64_t nanoseconds) {
  ThreadPhases& mine = this_threads_phases();
  // Phase names are string literals: the same pointer, or (from another file) the same text.
  const int count = mine.count.load(std::memory_order_relaxed);
  int slot = 0;
  while (slot < count && mine.names[slot] != name && std::strcmp(mine.names[slot], name) != 0) slot++;
  if (slot == count) {
    if (count == ThreadPhases::kMaxPhases) return;  // more phases than any build names: not timed
    mine.names[slot] = name;
    mine.count.store(count + 1, std::memory_order_release);
  }
  // Only this thread writes the slot: a plain load and store, atomic only so format() may read.
  auto& total = mine.nanoseconds[slot];
  total.store(total.load(std::memory_order_relaxed) + nanoseconds, std::memory_order_relaxed);
}

void Timings::add_counter(std::string name, const std::atomic<int64_t>* value) {
  std::lock_guard lock(mutex_);
  counters_.emplace_back(std::move(name), value);
}

std::string Timings::format() const {
  std::lock_guard lock(mutex_);
  std::string out = "timings (wall seconds):\n";
  for (const auto& r : walls_)
    out += fmt::format("  {:>9.3f}  {}{}\n", r.seconds, std::string(2 * r.depth, ' '), r.name);
  // Summed over threads, in the order the phases were first met.
  std::vector<std::pair<std::string, int64_t>> phases;
  for (const auto& thread : thread_phases_) {
    const int count = thread->count.load(std::memory_order_acquire);
    for (int slot = 0; slot < count; slot++) {
      const std::string_view name = thread->names[slot];
      auto it = std::find_if(phases.begin(), phases.end(), [&](const auto& p) { return p.first == name; });
      if (it == phases.end()) it = phases.insert(phases.end(), {std::string(name), 0});
      it->second += thread->nanoseconds[slot].load(std::memory_order_relaxed);
    }
  }
  if (!phases.empty()) {
    out += "phases (seconds each worker spent, summed over workers):\n";
    for (const auto& [n, t] : phases) out += fmt::format("  {:>9.3f}  {}\n", t / 1e9, n);
  }
  if (!counters_.empty()) {
    out += "counts:\n";
    for (const auto& [n, value] : counters_) out += fmt::format("  {:>9}  {}\n", value->load(std::memory_order_relaxed), n);
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
