// CPython 3.14 itself, for its verdict on files tree-sitter's grammar rejects: node running
// analyze/cpython314.mjs over pyodide, spoken to over pipes (one JSON line each way). Used by
// the confirm stage (analyze/confirm.h) and by check (analyze/check.h).
#pragma once
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace pep765 {

// While it lives, a checker that dies cannot take pep765 with it (SIGPIPE ignored).
class SigpipeIgnored {
 public:
  SigpipeIgnored() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &previous_);
  }
  ~SigpipeIgnored() { sigaction(SIGPIPE, &previous_, nullptr); }
  SigpipeIgnored(const SigpipeIgnored&) = delete;
  SigpipeIgnored& operator=(const SigpipeIgnored&) = delete;

 private:
  struct sigaction previous_ {};
};

class Cpython314 {
 public:
  // Starts node with pyodide from `pyodide_dir` and waits until CPython is ready; throws
  // (pep765::Error, std::runtime_error) when it cannot start.
  Cpython314(const std::string& pyodide_dir, const std::string& node = "node");
  ~Cpython314();
  Cpython314(const Cpython314&) = delete;
  Cpython314& operator=(const Cpython314&) = delete;

  const std::string& version() const { return version_; }

  // CPython's verdict on `bytes`: {"compiled", "error", "hits": [[line, column (1-based byte),
  // statement, cpython, exits], ...]}, or nullopt (with why()) when the checker failed.
  std::optional<nlohmann::json> check(const std::string& key, std::string_view bytes);
  const std::string& why() const { return error_; }

 private:
  std::optional<std::string> read_line(std::chrono::seconds timeout);

  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_, error_, version_;
};

}  // namespace pep765
