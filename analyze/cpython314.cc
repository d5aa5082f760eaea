#include "analyze/cpython314.h"

#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "common/error.h"
#include "cpython314_sources.h"

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

}  // namespace

Cpython314::Cpython314(const std::string& pyodide_dir, const std::string& node) {
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) throw Error::from_errno("", "cannot make pipes to the checker", errno);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  posix_spawn_file_actions_addclose(&actions, to_child[1]);
  posix_spawn_file_actions_addclose(&actions, from_child[0]);
  std::vector<std::string> args = {node, "--input-type=module", "-e", kCpython314Script, pyodide_dir,
                                   kReferenceRuleSource};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = posix_spawnp(&pid_, node.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  in_ = to_child[1];
  out_ = from_child[0];
  if (rc != 0) {
    pid_ = -1;
    throw Error(Error::Kind::Input, "", fmt::format("cannot start {}", node), std::strerror(rc));
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

Cpython314::~Cpython314() {
  if (in_ >= 0) close(in_);
  if (out_ >= 0) close(out_);
  if (pid_ > 0) {
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

std::optional<nlohmann::json> Cpython314::check(const std::string& key, std::string_view bytes) {
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

std::optional<std::string> Cpython314::read_line(std::chrono::seconds timeout) {
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

}  // namespace pep765
