#include "analyze/crash_journal.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <memory>

namespace pep765 {

namespace {

// One slot a worker: a state byte, then at byte 16 the content's 16-byte hash. The slots are
// the file's pages mapped shared: noting a file is two stores to memory, not two system calls
// (a census notes every file), and what is stored is the file's, in the kernel's page cache,
// even when the process dies the next instant.
constexpr size_t kSlotBytes = 32;
constexpr size_t kMaxSlots = 1024;
constexpr size_t kJournalBytes = kSlotBytes * kMaxSlots;
constexpr char kIdle = 0, kParsing = 'P', kCrashed = 'C';

// What the signal handler may touch: plain values, written before the handler can need them.
std::atomic<char*> journal_slots{nullptr};
std::atomic<unsigned> next_slot{0};
std::atomic<unsigned> generation{0};  // a new journal hands out slots anew
thread_local int my_slot = -1;
thread_local unsigned my_generation = 0;
thread_local bool in_parse = false;

void on_crash(int sig) {
  // Async-signal-safe only: one store to the mapped slot, then die of the same signal
  // (SA_RESETHAND put the default action back).
  char* const slots = journal_slots.load(std::memory_order_relaxed);
  if (slots && my_slot >= 0 && in_parse) slots[size_t(my_slot) * kSlotBytes] = kCrashed;
  raise(sig);
}

void install_handlers() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_ONSTACK | SA_RESETHAND;  // on its own stack: a stack overflow is a crash too
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) sigaction(sig, &sa, nullptr);
}

// Each worker thread gets a stack of its own for the handler, once.
void ensure_alternate_stack() {
  thread_local std::unique_ptr<char[]> stack;
  if (stack) return;
  const size_t size = 1 << 16;
  stack = std::make_unique<char[]>(size);
  stack_t st;
  std::memset(&st, 0, sizeof st);
  st.ss_sp = stack.get();
  st.ss_size = size;
  sigaltstack(&st, nullptr);
}

}  // namespace

std::string CrashJournal::key(const Hash& h) {
  const XXH128_canonical_t c = h.canonical();
  return std::string(reinterpret_cast<const char*>(&c), sizeof c);
}

CrashJournal::CrashJournal(const std::string& store_path) {
  if (store_path.empty()) return;
  path_ = store_path + ".crash-journal";
  const int fd = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;  // no journal: a crash would then repeat, but analysis goes on
  // One process at a time: another analyzing the same store would truncate the file under
  // this one's mapping (a SIGBUS). The lock goes with the process, crashed or not.
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return;
  }
  char slot[kSlotBytes];
  for (size_t i = 0; i < kMaxSlots && pread(fd, slot, kSlotBytes, off_t(i * kSlotBytes)) == ssize_t(kSlotBytes); i++)
    if (slot[0] == kCrashed) crashed_.insert(std::string(slot + 16, 16));
  // Start clean (the crashed contents are carried in memory and stored by this run): every
  // slot idle.
  // Its blocks are allocated, not left sparse: a page of a sparse mapping the disk has no room
  // for is a SIGBUS when first written (a full disk then kills the run instead of ending it
  // with "the disk is full"); without room, no journal.
  void* map = MAP_FAILED;
  if (ftruncate(fd, 0) == 0 && posix_fallocate(fd, 0, off_t(kJournalBytes)) == 0)
    map = mmap(nullptr, kJournalBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    close(fd);
    return;
  }
  fd_ = fd;  // kept open: it holds the lock
  slots_ = static_cast<char*>(map);
  next_slot = 0;
  generation++;
  journal_slots = slots_;
  install_handlers();
}

CrashJournal::~CrashJournal() {
  if (!slots_) return;
  journal_slots = nullptr;
  munmap(slots_, kJournalBytes);
  unlink(path_.c_str());  // a run that ends (even stopped) crashed nothing
  close(fd_);
}

void CrashJournal::parsing(const Hash& h) {
  if (!slots_) return;
  if (my_slot < 0 || my_generation != generation) {
    my_generation = generation;
    my_slot = -1;
    const unsigned s = next_slot++;
    if (s >= kMaxSlots) return;
    my_slot = int(s);
    ensure_alternate_stack();
  }
  char* const slot = slots_ + size_t(my_slot) * kSlotBytes;
  const XXH128_canonical_t c = h.canonical();
  std::memcpy(slot + 16, &c, 16);
  slot[0] = kParsing;
  // The handler must not see in_parse before the slot names the content.
  std::atomic_signal_fence(std::memory_order_seq_cst);
  in_parse = true;
}

void CrashJournal::done() {
  if (!slots_ || my_slot < 0 || !in_parse) return;
  in_parse = false;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  slots_[size_t(my_slot) * kSlotBytes] = kIdle;
}

}  // namespace pep765
