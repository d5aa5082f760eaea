// The analyze stage: inputs -> per-file analysis in parallel -> the store.
#pragma once
#include <condition_variable>
#include <deque>
#include <mutex>
#include <functional>
#include <string>
#include <vector>

#include "analyze/analyze_file.h"
#include "common/shard.h"

namespace pep765 {

// Paths handed to a running analysis one batch at a time (`pep765 run` analyzes each package
// as soon as fetch has verified its files). Thread-safe.
class InputFeed {
 public:
  void push(const std::vector<std::string>& paths);
  void close();
  // Blocks for the next path; false once closed and drained.
  bool pop(std::string& path);

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> paths_;
  bool closed_ = false;
};

struct AnalyzeOptions {
  std::vector<std::string> paths;
  std::string db_path = "pep765.sqlite";
  int jobs = 0;                             // 0: every core
  FileOptions file;
  // Memory: each worker holds one member (up to this) and one parse (see FileOptions); with
  // two workers, the store's cache and the rest, a run stays within 256 MB.
  size_t max_member_bytes = 32u << 20;      // held in memory; larger members are streamed for lines only
  uint64_t max_expanded_bytes = 8ull << 30; // an archive expanding past this is stopped (a bomb)
  uint64_t max_expansion_ratio = 200;       // ... or expanding past 100 MB at more than this ratio
  bool progress = true;                     // one line per few seconds on stderr
  InputFeed* feed = nullptr;                // when set, inputs come from it (paths is ignored)
  Shard shard;                              // analyze only the packages of this shard
  // A zip member whose central directory declares the CRC-32, size and file name of a member
  // already read in this run (most of a pure wheel is its sdist's .py files, byte for byte)
  // is taken as that content without inflating it. The assumption: within a census, equal
  // CRC-32, size and name mean equal bytes. --verify-duplicates inflates them all anyway and
  // counts any that differ.
  bool verify_duplicates = false;
  // Called with each fed path once the store holds its artifact (after the commit), or once
  // it needs none (unchanged since it was stored, or not an input); on the pipeline's serial
  // stages. `run` holds a wheel's ranged read until its sdist is stored, so that the read can
  // leave out the members the sdist already gave (fetch/fetch.h, skip_sdist_modules).
  std::function<void(const std::string& path)> on_stored;
};

// Files not parsed for jumps (so in no rate, sql/census.cc), left out by one cap: what
// the closing lines say (the store holds each: contents.parse 'too_large', notes).
struct NotParsedFiles {
  std::string cap;                  // "over --max-parse-bytes (1048576 bytes)"
  size_t count = 0;                 // distinct contents
  std::vector<std::string> first;   // the first few, "ARCHIVE: MEMBER"
};

struct AnalyzeTotals {
  size_t inputs = 0, skipped = 0, ok = 0, partial = 0, failed = 0;
  size_t files = 0, contents_analyzed = 0, hits = 0;
  size_t files_failed = 0;  // contents whose analysis failed (recorded as such)
  size_t duplicates_skipped = 0;   // zip members taken by CRC-32, size and name, not inflated
  size_t duplicates_checked = 0;   // with --verify-duplicates: such members inflated and compared
  size_t duplicates_differ = 0;    // ... whose bytes were not the ones their match said
  std::vector<std::string> problems;
  std::vector<NotParsedFiles> not_parsed;  // by cap, those that left any file out
  // Something could not be read or analyzed (each recorded with its reason): the exit status says so.
  bool something_failed() const { return partial || failed || files_failed; }
};

// Analyzes every input not already in the store (same path, size and mtime) and stores the
// result, one artifact per transaction batch, so a killed run resumes where it stopped.
// Bad input is recorded against its artifact and reported; the run goes on.
AnalyzeTotals analyze(const AnalyzeOptions& options);

}  // namespace pep765
