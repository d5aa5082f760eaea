#include "fetch/dest_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <thread>

#include "common/error.h"
#include "common/stop.h"

namespace pep765 {

namespace {

constexpr const char* kLockName = ".pep765.lock";

// The process id the holder wrote, as text ("" when it has not written it yet).
std::string holder_of(int fd) {
  char buf[32] = {};
  const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  std::string pid(buf, n > 0 ? size_t(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.find_first_not_of("0123456789") == std::string::npos ? pid : "";
}

std::string naming(const std::string& pid) { return pid.empty() ? "another process" : "process " + pid; }

}  // namespace

DestLock::DestLock(const std::string& dest, int timeout_s) {
  std::error_code ec;
  std::filesystem::create_directories(dest, ec);
  if (ec) throw Error(Error::Kind::Input, dest, "cannot make the --dest folder", ec.message());
  const std::string path = (std::filesystem::path(dest) / kLockName).string();
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error::from_errno(path, "cannot open the --dest lock", errno);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  bool said = false;
  while (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err != EWOULDBLOCK && err != EINTR) {
      close(fd_);
      throw Error::from_errno(path, "cannot lock the --dest folder", err);
    }
    const std::string holder = naming(holder_of(fd_));
    if (std::chrono::steady_clock::now() >= deadline || stop_requested()) {
      close(fd_);
      throw Error(Error::Kind::Work, dest, fmt::format("in use by another pep765 run ({})", holder),
                  fmt::format("waited --lock-timeout ({} s); nothing was changed: rerun when it is done", timeout_s));
    }
    if (!said) {
      fmt::print(stderr, "pep765: {}: in use by another pep765 run ({}); waiting up to {} s (--lock-timeout)\n", dest,
                 holder, timeout_s);
      said = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string pid = fmt::format("{}\n", getpid());
  // The id is for the message of a run that waits; failing to write it costs only that.
  [[maybe_unused]] const bool written = ftruncate(fd_, 0) == 0 && pwrite(fd_, pid.data(), pid.size(), 0) > 0;
}

DestLock::~DestLock() {
  if (fd_ >= 0) close(fd_);  // closing the descriptor lets the lock go
}

}  // namespace pep765
