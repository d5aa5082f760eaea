// One fetch at a time per --dest: two runs writing the same folder (two terminals, a cron job
// retried) would write the same files and record each other's failures. The lock is a flock
// on DEST/.pep765.lock, held for the whole command and released by the kernel however the
// process ends; the holder writes its process id into the file, so a waiting run can name it.
// Commands that only read the store never take it.
#pragma once
#include <string>

namespace pep765 {

class DestLock {
 public:
  // Makes `dest` if it is missing and takes its lock, waiting up to `timeout_s` seconds for
  // another process to let it go (saying once that it waits, and for whom); then throws a
  // pep765::Error naming the process that holds it.
  DestLock(const std::string& dest, int timeout_s);
  ~DestLock();
  DestLock(const DestLock&) = delete;
  DestLock& operator=(const DestLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace pep765
