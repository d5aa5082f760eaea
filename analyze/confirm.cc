#include "analyze/confirm.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <vector>

#include "common/error.h"
#include "common/timings.h"
#include "cpython314_sources.h"
#include "extract/sources.h"
#include "sql/analysis_records.h"

extern char** environ;

namespace pep765 {

namespace {

std::string base64(std::string_view in) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (size_t i = 0; i < in.size(); i += 3) {
    const uint32_t n = uint32_t(uint8_t(in[i])) << 16 | (i + 1 < in.size() ? uint32_t(uint8_t(in[i + 1])) << 8 : 0) |
                       (i + 2 < in.size() ? uint32_t(uint8_t(in[i + 2])) : 0);
    out += table[n >> 18 & 63];
    out += table[n >> 12 & 63];
    out += i + 1 < in.size() ? table[n >> 6 & 63] : '=';
    out += i + 2 < in.size() ? table[n & 63] : '=';
  }
  return out;
}

// The CPython 3.14 checker: node running analyze/cpython314.mjs, spoken to over pipes.
class Checker {
 public:
  Checker(const ConfirmOptions& o) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) throw Error::from_errno("", "cannot make pipes to the checker", errno);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    posix_spawn_file_actions_addclose(&actions, to_child[1]);
    posix_spawn_file_actions_addclose(&actions, from_child[0]);
    std::vector<std::string> args = {o.node, "--input-type=module", "-e", kCpython314Script, o.pyodide_dir,
                                     kReferenceRuleSource};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, o.node.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to_child[0]);
    close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
    if (rc != 0) {
      pid_ = -1;
      throw Error(Error::Kind::Input, "", fmt::format("cannot start {}", o.node), std::strerror(rc));
    }
    // pyodide may print while it loads: skip to the line that says it is ready.
    for (;;) {
      auto line = read_line(std::chrono::seconds(300));
      if (!line) throw std::runtime_error("CPython 3.14 (pyodide) did not start: " + error_);
      nlohmann::json j = nlohmann::json::parse(*line, nullptr, false);
      if (j.is_object() && j.contains("ready")) {
        version_ = j["ready"].get<std::string>();
        break;
      }
    }
  }
  ~Checker() {
    if (in_ >= 0) close(in_);
    if (out_ >= 0) close(out_);
    if (pid_ > 0) {
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }

  const std::string& version() const { return version_; }

  // CPython's verdict on `bytes`, or nullopt (with why()) when the checker failed.
  std::optional<nlohmann::json> check(const std::string& key, std::string_view bytes) {
    const std::string request = nlohmann::json{{"key", key}, {"b64", base64(bytes)}}.dump() + "\n";
    for (size_t done = 0; done < request.size();) {
      const ssize_t n = write(in_, request.data() + done, request.size() - done);
      if (n <= 0) {
        error_ = fmt::format("the checker stopped reading ({})", std::strerror(errno));
        return std::nullopt;
      }
      done += size_t(n);
    }
    auto line = read_line(std::chrono::seconds(120));
    if (!line) return std::nullopt;
    nlohmann::json j = nlohmann::json::parse(*line, nullptr, false);
    if (!j.is_object() || j.value("key", "") != key) {
      error_ = "the checker answered out of turn";
      return std::nullopt;
    }
    return j;
  }
  const std::string& why() const { return error_; }

 private:
  std::optional<std::string> read_line(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (size_t nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        error_ = "no answer in time";
        return std::nullopt;
      }
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, int(left.count())) <= 0) continue;
      char chunk[1 << 16];
      const ssize_t n = read(out_, chunk, sizeof chunk);
      if (n <= 0) {
        error_ = "the checker exited";
        return std::nullopt;
      }
      buffer_.append(chunk, size_t(n));
    }
  }

  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_, error_, version_;
};

// The bytes of the `member`-th .py member of an artifact, read again from its archive.
std::optional<std::string> member_bytes(const std::string& path, const std::string& kind, int64_t member,
                                        size_t cap) {
  auto k = input_kind_from_name(kind);
  if (!k) return std::nullopt;
  Input in;
  in.path = path;
  in.name = std::filesystem::path(path).filename().string();
  in.kind = *k;
  std::error_code ec;
  in.size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 1;
  auto reader = open_members(in);
  for (int64_t i = 0; reader->next(); i++) {
    if (i != member) continue;
    std::string bytes;
    char chunk[1 << 16];
    for (int64_t n; (n = reader->read(chunk, sizeof chunk)) > 0;) {
      bytes.append(chunk, size_t(n));
      if (bytes.size() > cap) return std::nullopt;
    }
    return bytes;
  }
  return std::nullopt;
}

std::string with_note(std::string notes, std::string_view note) {
  return notes.empty() ? std::string(note) : notes + "," + std::string(note);
}

std::string without_note(const std::string& notes, std::string_view note) {
  std::string out;
  for (size_t start = 0; start <= notes.size();) {
    size_t comma = notes.find(',', start);
    if (comma == std::string::npos) comma = notes.size();
    std::string_view item(notes.data() + start, comma - start);
    if (!item.empty() && item != note) out += (out.empty() ? "" : ",") + std::string(item);
    start = comma + 1;
  }
  return out;
}

}  // namespace

ConfirmTotals confirm_with_cpython314(const ConfirmOptions& o) {
  ScopedTimer t("confirm with CPython 3.14");
  ConfirmTotals totals;
  Db db(o.db_path);
  const std::vector<ConfirmCandidate> candidates = unconfirmed_error_files(db);
  totals.candidates = candidates.size();
  if (candidates.empty()) return totals;

  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);  // a checker that dies must not take pep765 with it
  try {
    Checker checker(o);
    CpythonVerdicts verdicts(db);
    for (const ConfirmCandidate& c : candidates) {
      auto bytes = member_bytes(c.artifact_path, c.artifact_kind, c.member, o.max_member_bytes);
      if (!bytes) {
        totals.unreadable++;
        continue;
      }
      auto verdict = checker.check(c.hex, *bytes);
      if (!verdict) throw std::runtime_error(checker.why());
      if ((*verdict)["compiled"].get<bool>()) {
        totals.parses++;
        std::vector<CpythonHit> hits;
        for (const auto& h : (*verdict)["hits"])
          hits.push_back({h[0].get<int64_t>(), h[1].get<int64_t>(), h[2].get<std::string>(), h[3].get<bool>(),
                          h[4].get<bool>()});
        verdicts.record_compiles(c.hash, with_note(without_note(c.notes, "python2"), "cpython314_parses"), hits);
      } else {
        totals.rejects++;
        verdicts.record_rejects(c.hash, with_note(c.notes, "cpython314_rejects"));
      }
    }
  } catch (...) {
    sigaction(SIGPIPE, &previous, nullptr);
    throw;
  }
  sigaction(SIGPIPE, &previous, nullptr);
  return totals;
}

}  // namespace pep765
