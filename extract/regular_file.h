// A file opened for reading only once it is known to be a regular file. Every input (an
// archive, a .py file, a member of a walked directory) is opened through here, so a FIFO, a
// socket or a device named like a source can never block a run: the open is non-blocking (a
// FIFO with no writer would block a plain open) and fstat types what was opened before any
// read, so a file swapped for a FIFO after it was collected is caught too.
#pragma once
#include <sys/stat.h>

#include <cstdint>
#include <string>

namespace pep765 {

// "not a regular file (a FIFO)" for a mode that is not a regular file's (a directory, a FIFO,
// a socket, a device); empty for a regular file's.
std::string not_regular_reason(mode_t mode);

// Seconds on std::filesystem's file clock, as fs::last_write_time gives them: the value the
// store has always held for an input's mtime (libstdc++'s file clock counts from 2174, so the
// seconds are truncated towards zero from there, not floored from 1970).
int64_t file_clock_seconds(const struct timespec& ts);

class RegularFile {
 public:
  // Opens `path` read-only; on failure fd() is -1 and error() says why ("not a regular file
  // (a FIFO)", or the system's reason).
  explicit RegularFile(const std::string& path);
  ~RegularFile();
  RegularFile(RegularFile&& other) noexcept;
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;
  RegularFile& operator=(RegularFile&&) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  uint64_t size() const { return size_; }
  int64_t mtime() const { return mtime_; }  // seconds, as fs::last_write_time counts them
  const std::string& error() const { return error_; }

  // Reads up to n bytes at `offset`: the count, 0 at the end, -1 on an error (errno set).
  int64_t read_at(uint64_t offset, char* into, size_t n) const;

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
  int64_t mtime_ = 0;
  std::string error_;
};

}  // namespace pep765
