#include "analyze/crash_journal.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <memory>

namespace pep765 {

namespace {

// One slot a worker: a state byte, then the content's 16-byte hash.
constexpr size_t kSlotBytes = 32;
constexpr size_t kMaxSlots = 1024;
constexpr char kIdle = 0, kParsing = 'P', kCrashed = 'C';

// What the signal handler may touch: plain values, written before the handler can need them.
std::atomic<int> journal_fd{-1};
std::atomic<unsigned> next_slot{0};
std::atomic<unsigned> generation{0};  // a new journal hands out slots anew
thread_local int my_slot = -1;
thread_local unsigned my_generation = 0;
thread_local bool in_parse = false;

void on_crash(int sig) {
  // Async-signal-safe only: one pwrite, then die of the same signal (SA_RESETHAND put the
  // default action back).
  const int fd = journal_fd.load(std::memory_order_relaxed);
  if (fd >= 0 && my_slot >= 0 && in_parse) {
    const char mark = kCrashed;
    ssize_t ignored = pwrite(fd, &mark, 1, off_t(my_slot) * kSlotBytes);
    (void)ignored;
  }
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
  char slot[kSlotBytes];
  for (size_t i = 0; i < kMaxSlots && pread(fd, slot, kSlotBytes, off_t(i * kSlotBytes)) == ssize_t(kSlotBytes); i++)
    if (slot[0] == kCrashed) crashed_.insert(std::string(slot + 16, 16));
  // Start clean: the crashed contents are carried in memory and stored by this run.
  if (ftruncate(fd, 0) != 0) {
    close(fd);
    return;
  }
  fd_ = fd;
  next_slot = 0;
  generation++;
  journal_fd = fd;
  install_handlers();
}

CrashJournal::~CrashJournal() {
  if (fd_ < 0) return;
  journal_fd = -1;
  close(fd_);
  unlink(path_.c_str());  // a run that ends (even stopped) crashed nothing
}

void CrashJournal::parsing(const Hash& h) {
  if (fd_ < 0) return;
  if (my_slot < 0 || my_generation != generation) {
    my_generation = generation;
    my_slot = -1;
    const unsigned s = next_slot++;
    if (s >= kMaxSlots) return;
    my_slot = int(s);
    ensure_alternate_stack();
  }
  char slot[kSlotBytes] = {};
  slot[0] = kParsing;
  const std::string k = key(h);
  std::memcpy(slot + 16, k.data(), 16);
  if (pwrite(fd_, slot, kSlotBytes, off_t(my_slot) * kSlotBytes) == ssize_t(kSlotBytes)) in_parse = true;
}

void CrashJournal::done() {
  if (fd_ < 0 || my_slot < 0 || !in_parse) return;
  in_parse = false;
  const char idle = kIdle;
  ssize_t ignored = pwrite(fd_, &idle, 1, off_t(my_slot) * kSlotBytes);
  (void)ignored;
}

}  // namespace pep765
