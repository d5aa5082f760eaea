// Where the time goes: `--timings` prints these.
//
// Two kinds of measurement, because a stage runs once but a phase of the per-file work runs
// on every worker thread many thousand times:
//  - ScopedTimer: wall time of one scope (a stage function); nests, printed as a tree.
//  - PhaseClock:  thread time summed over every call of a hot phase (decompress, scan, parse),
//                 cheap enough to wrap each file.
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pep765 {

class Timings {
 public:
  struct Record { std::string name; int depth; double seconds; };

  // A wall record is reserved when its scope opens, so the tree prints in opening order.
  size_t open_wall(std::string name, int depth);
  void close_wall(size_t index, double seconds);
  void add_phase(const char* name, int64_t nanoseconds);
  // A count printed after the times, read when printed: a measure of work that, unlike time,
  // does not depend on the machine's load (sql/ counts SQLite's virtual machine steps, so a
  // test can tell a query plan that grows with the square of the store from one that does not).
  void add_counter(std::string name, const std::atomic<int64_t>* value);
  // One line per record: wall-time tree first, then the summed phases, then the counters.
  std::string format() const;

  std::atomic<int> depth{0};

  // One thread's phase totals. A phase is added to several times per file on every worker, so
  // each thread adds to its own (no lock, no cache line passed between cores: a shared total
  // behind a mutex cost a few per cent of a run on two cores); format() sums them.
  struct ThreadPhases {
    static constexpr int kMaxPhases = 32;
    std::array<const char*, kMaxPhases> names{};
    std::array<std::atomic<int64_t>, kMaxPhases> nanoseconds{};
    std::atomic<int> count{0};
  };

 private:
  ThreadPhases& this_threads_phases();

  mutable std::mutex mutex_;
  std::vector<Record> walls_;
  std::vector<std::unique_ptr<ThreadPhases>> thread_phases_;  // owned here: they outlive their threads
  std::vector<std::pair<std::string, const std::atomic<int64_t>*>> counters_;
};

// The process-wide timings; stages record into it, the CLI prints it.
Timings& timings();

class ScopedTimer {
 public:
  explicit ScopedTimer(std::string name);
  ~ScopedTimer();
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  size_t index_;
  std::chrono::steady_clock::time_point start_;
};

// Adds the time between construction and destruction to a named phase total.
class PhaseClock {
 public:
  explicit PhaseClock(const char* name) : name_(name), start_(now_ns()) {}
  ~PhaseClock() { timings().add_phase(name_, now_ns() - start_); }
  PhaseClock(const PhaseClock&) = delete;
  PhaseClock& operator=(const PhaseClock&) = delete;
  static int64_t now_ns();

 private:
  const char* name_;
  int64_t start_;
};

}  // namespace pep765
