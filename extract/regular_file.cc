#include "extract/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace pep765 {

namespace {

// What a file that is not a regular one is, for the message that skips it.
const char* file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "of an unknown type";
}

}  // namespace

std::string not_regular_reason(mode_t mode) {
  if (S_ISREG(mode)) return "";
  return std::string("not a regular file (") + file_type_name(mode) + ")";
}

int64_t file_clock_seconds(const struct timespec& ts) {
  using namespace std::chrono;
  const sys_time<nanoseconds> t{seconds(ts.tv_sec) + nanoseconds(ts.tv_nsec)};
  return duration_cast<seconds>(file_clock::from_sys(t).time_since_epoch()).count();
}

RegularFile::RegularFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error_ = std::strerror(errno);
    return;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error_ = std::strerror(errno);
    ::close(fd);
    return;
  }
  error_ = not_regular_reason(st.st_mode);
  if (!error_.empty()) {
    ::close(fd);
    return;
  }
  fd_ = fd;
  size_ = uint64_t(st.st_size);
  mtime_ = file_clock_seconds(st.st_mtim);
}

RegularFile::~RegularFile() {
  if (fd_ >= 0) ::close(fd_);
}

RegularFile::RegularFile(RegularFile&& other) noexcept
    : fd_(other.fd_), size_(other.size_), mtime_(other.mtime_), error_(std::move(other.error_)) {
  other.fd_ = -1;
}

int64_t RegularFile::read_at(uint64_t offset, char* into, size_t n) const {
  for (;;) {
    const ssize_t got = ::pread(fd_, into, n, off_t(offset));
    if (got >= 0 || errno != EINTR) return got;
  }
}

}  // namespace pep765
