// A parser crash must not stop a census forever: rerun, the same file would crash it again.
// So each worker notes, before it parses a file, which content it is parsing (one slot a
// worker in a small file beside the store, STORE.crash-journal, mapped into memory so a note
// costs no system call). Should the process die of a
// crash signal (SIGSEGV, SIGABRT, ...) inside that parse, a signal handler marks the slot
// "crashed" before the process dies as it would have. The next run reads the journal: each
// content marked crashed is recorded as failed ("crashed the parser"), never parsed again, and
// the run goes on. A run killed from outside (kill -9, a lost machine) marks nothing: what it
// was parsing is parsed again. A second process analyzing the same store at the same time
// runs without a journal.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_set>

#include "analyze/records.h"

namespace pep765 {

class CrashJournal {
 public:
  // Opens (creating) the journal for the store at `store_path`, taking the crashed contents it
  // holds, and installs the crash handlers. An empty path: no journal (nothing is written).
  explicit CrashJournal(const std::string& store_path);
  ~CrashJournal();
  CrashJournal(const CrashJournal&) = delete;
  CrashJournal& operator=(const CrashJournal&) = delete;

  // Contents an earlier run crashed the parser on.
  const std::unordered_set<std::string>& crashed() const { return crashed_; }
  static std::string key(const Hash& h);

  // The calling worker is about to parse `h` (on_parse), or is done with it (done).
  void parsing(const Hash& h);
  void done();

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;            // holds the journal's lock
  char* slots_ = nullptr;  // the journal's slots, mapped shared; null: no journal
  std::unordered_set<std::string> crashed_;
};

}  // namespace pep765
