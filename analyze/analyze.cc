// The analyze stage, in the order it runs:
//   collect_inputs      expand PATHs into archives, directories and files
//   drop_analyzed       leave out what the store already holds unchanged
//   load_known_contents contents analyzed earlier need no second analysis
//   analyze_inputs      a TBB pipeline: read and analyze artifacts in parallel, one writer
#include "analyze/analyze.h"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/enumerable_thread_specific.h>
#include <xxhash.h>
#include <isa-l/crc.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <ctime>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/dist_filename.h"
#include "common/printable.h"
#include "common/progress.h"
#include "common/stop.h"
#include "common/timings.h"
#include "analyze/content_set.h"
#include "analyze/crash_journal.h"
#include "analyze/noqa.h"
#include "analyze/records.h"
#include "analyze/writer.h"
#include "extract/sources.h"
#include "sql/analysis_records.h"

namespace pep765 {

namespace {

// Two connections, each used by one stage of the pipeline at a time and never by two threads at
// once: `db` is the writer's (and, before the pipeline starts, the loader's); `lookup` answers
// the input stage's questions (already analyzed? which package?) while the writer writes.
// Members read in this run by CRC-32, size and file name -> their content: what lets a zip
// member the central directory describes identically be taken without inflating it.
class DuplicateIndex {
 public:
  void add(uint32_t crc, uint64_t size, std::string_view name, const Hash& hash) {
    std::lock_guard lock(mutex_);
    index_.try_emplace(Key{crc, size, std::string(base_name(name))}, hash);
  }
  std::optional<Hash> find(uint32_t crc, uint64_t size, std::string_view name) const {
    std::lock_guard lock(mutex_);
    auto it = index_.find(KeyView{crc, size, base_name(name)});
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  static std::string_view base_name(std::string_view name) {
    const size_t slash = name.rfind('/');
    return slash == std::string_view::npos ? name : name.substr(slash + 1);
  }
  // Looked up by a view of the member's name, so a lookup (one per wheel member) allocates
  // nothing.
  struct KeyView {
    uint32_t crc;
    uint64_t size;
    std::string_view name;
  };
  struct Key {
    uint32_t crc;
    uint64_t size;
    std::string name;
    operator KeyView() const { return {crc, size, name}; }
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const KeyView& k) const {
      return std::hash<std::string_view>()(k.name) ^ (size_t(k.crc) * 0x9E3779B97F4A7C15ull) ^ k.size;
    }
    size_t operator()(const Key& k) const { return (*this)(KeyView(k)); }
  };
  struct KeyEqual {
    using is_transparent = void;
    static KeyView view(const KeyView& k) { return k; }
    static KeyView view(const Key& k) { return k; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      const KeyView x = view(a), y = view(b);
      return x.crc == y.crc && x.size == y.size && x.name == y.name;
    }
  };
  mutable std::mutex mutex_;
  std::unordered_map<Key, Hash, KeyHash, KeyEqual> index_;
};

struct AnalyzeContext {
  AnalyzeContext(const AnalyzeOptions& o, Db& d, Db& l) : options(o), db(d), lookup(l, kAnalysisVersion) {}
  const AnalyzeOptions& options;
  Db& db;
  AnalysisLookups lookup;
  CrashJournal journal{options.db_path};
  // Fault injection for the crash-journal test: parsing a file holding this marker aborts.
  const char* abort_marker = std::getenv("PEP765_FAULT_ABORT_ON_PARSE");
  std::vector<Input> inputs;
  // Contents met by this run or stored by an earlier one: whoever claims a hash first analyzes
  // it; the writer marks what it has stored.
  ContentSet contents;
  AnalyzeTotals totals;
  std::mutex report_mutex;
  std::atomic<size_t> done{0};
  std::atomic<uint64_t> bytes_read{0};     // Python source read out of the archives
  std::atomic<uint64_t> archive_bytes_done{0};  // archives finished, by their size on disk (the ETA's measure)
  std::atomic<size_t> files_failed{0};
  DuplicateIndex duplicates;
  // Whether a zip may be read in this run (one is listed, or inputs are fed): only then are the
  // members read indexed by CRC-32 (a tar member's computed; with the locked insert, 5% of a
  // run over sdists alone).
  bool index_duplicates = true;
  std::atomic<size_t> duplicates_skipped{0}, duplicates_checked{0}, duplicates_differ{0};
  // Releases whose analyzed sdist the duplicate index holds already (the input stage's alone).
  std::set<FetchedRelease> seeded_releases;
  Progress progress{options.progress && !options.feed, "MB"};

  void report(std::string message) {
    std::lock_guard lock(report_mutex);
    progress.interrupt();
    fmt::print(stderr, "pep765: {}\n", printable(message));  // member names are anyone's bytes
    totals.problems.push_back(std::move(message));
  }

  // Files counted but not parsed, per cap: said once, at the end, with the first few named.
  NotParsedFiles over_member_cap{fmt::format("over --max-member-bytes ({} bytes)", options.max_member_bytes), 0, {}};
  NotParsedFiles over_parse_cap{fmt::format("over --max-parse-bytes ({} bytes)", options.file.max_parse_bytes), 0, {}};
  void not_parsed(NotParsedFiles& by, const Input& input, const std::string& member) {
    constexpr size_t kNamed = 3;
    std::lock_guard lock(report_mutex);
    if (by.count++ < kNamed) by.first.push_back(printable(fmt::format("{}: {}", input.name, member)));
  }
};

void collect(AnalyzeContext& ctx) {
  ScopedTimer t("collect inputs");
  std::vector<std::string> problems;
  ctx.inputs = collect_inputs(ctx.options.paths, problems);
  for (auto& p : problems) ctx.report(std::move(p));
  ctx.totals.inputs = ctx.inputs.size();
}

// Whether the store already holds this input as it is now (same path, size and mtime), as
// this pep765 analyzes it (no content of it analyzed by an older one).
bool already_analyzed(AnalyzeContext& ctx, const Input& in) {
  return ctx.lookup.already_analyzed(in.path, in.size, in.mtime);
}

// The package an input belongs to, for sharding: the project its fetch record names, else the
// one its file name says, as the writer records it (a directory or a file: by its path, so
// two folders of one name may go to different shards).
std::string package_of_input(AnalyzeContext& ctx, const Input& in) {
  if (std::optional<std::string> fetched = ctx.lookup.fetched_project(in.path)) return *fetched;
  if (in.kind == InputKind::Dir || in.kind == InputKind::File) return in.path;
  return identity_of_artifact(in.name, input_kind_name(in.kind)).project;
}

// A fetched wheel's release: the modules of its sdist, analyzed by an earlier run, go into the
// duplicate index before the wheel is read, so its members equal to them are taken as those
// contents unread, as when the sdist is read in the same run. Fetch may have left such members
// out of a partial read of the wheel (holes in a sparse file), and they are never read.
void seed_duplicates_from_sdist(AnalyzeContext& ctx, const Input& in) {
  if (in.kind != InputKind::Wheel || !ctx.index_duplicates) return;
  std::optional<FetchedRelease> release = ctx.lookup.fetched_release(in.path);
  if (!release || !ctx.seeded_releases.insert(*release).second) return;
  Hash h;
  for (const SdistModule& m : analyzed_sdist_modules(ctx.lookup.db(), release->package_id, release->version))
    // Only what this analysis stored: a content an older one wrote is analyzed again when met.
    if (Hash::from_canonical(m.hash, h) && ctx.contents.is_stored(h))
      ctx.duplicates.add(m.crc32, uint64_t(m.size), m.path, h);
}

// Whether --shard gives this input to another shard (its package is looked up only then).
bool other_shards(AnalyzeContext& ctx, const Input& in) {
  return ctx.options.shard.count > 1 && !ctx.options.shard.holds(package_of_input(ctx, in));
}

void drop_analyzed(AnalyzeContext& ctx) {
  ScopedTimer t("drop analyzed inputs");
  std::vector<Input> todo;
  // One read transaction for all the look-ups: each on its own would take and drop the WAL
  // read lock (three fcntl calls per input).
  ctx.lookup.begin_reads();
  for (Input& in : ctx.inputs) {
    if (other_shards(ctx, in)) {
      ctx.totals.inputs--;
      continue;
    }
    if (already_analyzed(ctx, in)) ctx.totals.skipped++;
    else todo.push_back(std::move(in));
  }
  ctx.lookup.end_reads();
  // Sdists first, so a wheel's members are met after the sdist members they repeat (and need
  // no inflating); within each, largest first, so the last artifacts to finish are small ones
  // and both cores stay busy to the end.
  std::stable_sort(todo.begin(), todo.end(), [](const Input& a, const Input& b) {
    const bool a_zip = a.kind == InputKind::Wheel || a.kind == InputKind::Egg;
    const bool b_zip = b.kind == InputKind::Wheel || b.kind == InputKind::Egg;
    if (a_zip != b_zip) return !a_zip;
    return a.size > b.size;
  });
  ctx.inputs = std::move(todo);
}

void load_known_contents(AnalyzeContext& ctx) {
  ScopedTimer t("load known contents");
  Hash h;
  for_each_current_content(ctx.db, kAnalysisVersion, [&](HashBytes bytes) {
    if (Hash::from_canonical(bytes, h)) ctx.contents.add_stored(h);
  });
}

// A worker's reusable state: its parser, and the buffer members are read into (kept across
// members and artifacts, so reading costs no allocation and no page faults once warm).
struct Worker {
  PythonParser parser;
  std::unique_ptr<char[]> buffer;
  size_t capacity = 0;

  // At least `needed` bytes, growing by doubling but never past `cap` (the hold limit plus a
  // chunk), so a large member cannot make the buffer outgrow the memory budget.
  char* room(size_t needed, size_t cap) {
    if (needed > capacity) {
      size_t grown = std::min(std::max(needed, capacity * 2), std::max(needed, cap));
      // Not zeroed: only the bytes read are touched, so a buffer grown for one large member
      // costs no page faults for the room it never uses.
      auto bigger = std::make_unique_for_overwrite<char[]>(grown);
      if (capacity) std::memcpy(bigger.get(), buffer.get(), capacity);
      buffer = std::move(bigger);
      capacity = grown;
    }
    return buffer.get();
  }
};

struct MemberBytes {
  std::string_view held;               // the bytes, when the member fits the hold limit
  bool held_whole = true;
  uint64_t size = 0;
  Hash hash;
  StreamingLineCounter overflow_lines;  // a member too large to hold: its lines, streamed
  uint32_t overflow_crc = 0;            // ... and its CRC-32
};

// Reads the current member whole (up to the hold limit) and hashes it; a larger member is
// streamed through for its hash and lines only. False on a read error.
bool read_member(MemberReader& reader, size_t hold_limit, Worker& worker, MemberBytes& out) {
  constexpr size_t kChunk = 1 << 16;
  size_t used = 0;
  XXH3_state_t* state = nullptr;
  for (;;) {
    const size_t cap = hold_limit + kChunk;
    char* into = out.held_whole ? worker.room(used + kChunk, cap) + used : worker.room(kChunk, cap);
    int64_t got = reader.read(into, kChunk);
    if (got < 0) {
      if (state) XXH3_freeState(state);
      return false;
    }
    if (got == 0) break;
    out.size += uint64_t(got);
    if (out.held_whole) {
      used += size_t(got);
      if (used <= hold_limit) continue;
      // Too large to hold: hash and count what we have, then stream the rest.
      out.held_whole = false;
      state = XXH3_createState();
      XXH3_128bits_reset(state);
      XXH3_128bits_update(state, worker.buffer.get(), used);
      out.overflow_lines.feed(std::string_view(worker.buffer.get(), used));
      out.overflow_crc = crc32_gzip_refl(0, reinterpret_cast<const uint8_t*>(worker.buffer.get()), used);
    } else {
      XXH3_128bits_update(state, into, size_t(got));
      out.overflow_lines.feed(std::string_view(into, size_t(got)));
      out.overflow_crc = crc32_gzip_refl(out.overflow_crc, reinterpret_cast<const uint8_t*>(into), size_t(got));
    }
  }
  if (out.held_whole) {
    out.held = std::string_view(worker.buffer.get(), used);
    out.hash = Hash::of(XXH3_128bits(out.held.data(), out.held.size()));
  } else {
    out.hash = Hash::of(XXH3_128bits_digest(state));
    XXH3_freeState(state);
  }
  return true;
}

// Moves to the next .py member; timed as decompression, since skipping the members that are
// not .py files decompresses them too.
bool next_member(MemberReader& reader) {
  PhaseClock clock("decompress");
  return reader.next();
}

ArtifactResult analyze_artifact(AnalyzeContext& ctx, const Input& input, Worker& worker) {
  ArtifactResult result;
  result.input = &input;
  std::unique_ptr<MemberReader> reader;
  {
    PhaseClock clock("decompress");
    reader = open_members(input);
    reader->limit_expansion(ctx.options.max_expanded_bytes, ctx.options.max_expansion_ratio);
  }
  uint32_t member = 0;
  while (next_member(*reader)) {
    const std::string path = reader->member_path();
    uint32_t declared_crc = 0;
    uint64_t declared_size = 0;
    const bool declared = reader->declared_crc32(declared_crc, declared_size);
    if (declared && !ctx.options.verify_duplicates) {
      if (std::optional<Hash> known = ctx.duplicates.find(declared_crc, declared_size, path)) {
        result.files.push_back({member++, path, *known});  // its content is analyzed (or being) already
        ctx.duplicates_skipped++;
        continue;
      }
    }
    MemberBytes bytes;
    bool read_ok;
    {
      PhaseClock clock("decompress");
      read_ok = read_member(*reader, ctx.options.max_member_bytes, worker, bytes);
    }
    if (!read_ok) {
      ctx.report(fmt::format("{}: {}: {}", input.path, path, reader->error()));
      result.status = "partial";
      if (!result.error.empty()) result.error += "; ";
      result.error += fmt::format("{}: {}", path, reader->error());
      if (reader->fatal()) break;
      continue;
    }
    ctx.bytes_read += bytes.size;
    result.files.push_back({member++, path, bytes.hash});
    // The bytes' CRC-32: a zip member's is its directory's (checked on reading), another's is
    // computed (igzip's CRC), from the bytes held, when the index or a new content needs it.
    std::optional<uint32_t> known_crc;
    if (declared) known_crc = declared_crc;
    else if (!bytes.held_whole) known_crc = bytes.overflow_crc;
    auto content_crc = [&] {
      if (!known_crc)
        known_crc = crc32_gzip_refl(0, reinterpret_cast<const uint8_t*>(bytes.held.data()), bytes.held.size());
      return *known_crc;
    };
    // Index what was read for the zip members still to come.
    if (bytes.held_whole && ctx.index_duplicates) {
      const uint32_t crc = content_crc();
      if (declared && ctx.options.verify_duplicates) {
        if (std::optional<Hash> known = ctx.duplicates.find(crc, bytes.size, path)) {
          ctx.duplicates_checked++;
          if (!(*known == bytes.hash)) ctx.duplicates_differ++;
        }
      }
      ctx.duplicates.add(crc, bytes.size, path, bytes.hash);
    }
    if (!ctx.contents.claim(bytes.hash)) continue;  // analyzed already, here or elsewhere

    ContentRecord content;
    content.hash = bytes.hash;
    content.size = bytes.size;
    content.crc32 = content_crc();
    if (!bytes.held_whole) {
      content.analysis.facts.newlines = bytes.overflow_lines.newlines();
      content.analysis.facts.lines = bytes.overflow_lines.lines();
      content.analysis.parse = ParseOutcome::TooLarge;
      content.extra_notes = "too_large_to_hold";
    } else if (ctx.journal.crashed().count(CrashJournal::key(bytes.hash))) {
      // It crashed the parser on an earlier run: counted, never parsed again.
      content.analysis.facts = text_facts(bytes.held);
      content.analysis.parse = ParseOutcome::Errors;
      content.extra_notes = "analysis_failed: crashed the parser on an earlier run";
      ctx.files_failed++;
      ctx.report(fmt::format("{}: {}: crashed the parser on an earlier run; recorded as failed, not parsed again",
                             input.path, path));
    } else {
      try {
        ctx.journal.parsing(bytes.hash);
        if (ctx.abort_marker && *ctx.abort_marker && bytes.held.find(ctx.abort_marker) != std::string_view::npos)
          std::abort();
        content.analysis = analyze_file(bytes.held, worker.parser, ctx.options.file);
        // Each hit's own suppression comment, as `check` reads it: what the code says of itself.
        for (JumpHit& h : content.analysis.hits)
          h.suppressed_by = suppression_of(bytes.held, h.line, h.column, h.cpython ? "PEP765" : "PEP765X", worker.parser);
        ctx.journal.done();
      } catch (const std::exception& e) {
        ctx.journal.done();
        // The bytes are counted; the parse is recorded as failed with the reason.
        content.analysis.facts = text_facts(bytes.held);
        content.analysis.parse = ParseOutcome::Errors;
        content.extra_notes = fmt::format("analysis_failed: {}", e.what());
        ctx.files_failed++;
        ctx.report(fmt::format("{}: {}: analysis failed: {}", input.path, path, e.what()));
      }
    }
    if (content.analysis.parse == ParseOutcome::TooLarge)
      ctx.not_parsed(bytes.held_whole ? ctx.over_parse_cap : ctx.over_member_cap, input, path);
    result.contents.push_back(std::move(content));
  }
  if (!reader->error().empty() && reader->fatal() && result.status == "ok") {
    // The archive itself could not be read (corrupt, truncated, not an archive).
    result.status = result.files.empty() ? "failed" : "partial";
    result.error = reader->error();
    ctx.report(fmt::format("{}: {}", input.path, reader->error()));
  } else if (result.status == "partial" && result.files.empty()) {
    result.status = "failed";
  }
  return result;
}

void analyze_inputs(AnalyzeContext& ctx) {
  ScopedTimer t("analyze inputs");
  const int threads = ctx.options.jobs > 0 ? ctx.options.jobs : int(std::thread::hardware_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::max(1, threads));
  tbb::enumerable_thread_specific<Worker> workers;
  // One transaction per 4,096 artifacts or 2 seconds, whichever comes first: the hash indexes
  // take their inserts at random pages, and each commit writes every page it dirtied, so a
  // transaction per 64 artifacts wrote most pages many times over (a seventh of a large run's
  // time went to commits). A crash loses at most those 2 seconds, which a rerun redoes.
  Writer writer(ctx.db, ctx.contents, ctx.totals, ctx.options.feed ? 1 : 4096, ctx.lookup.stale_contents(),
                ctx.options.on_stored);

  // Progress by archive bytes (largest go first, so a count of artifacts would mislead the ETA).
  std::atomic<bool> finished{false};
  std::thread progress;
  uint64_t total_bytes = 0;
  for (const Input& in : ctx.inputs) total_bytes += in.size;
  auto show = [&](bool final) {
    std::lock_guard lock(ctx.report_mutex);
    ctx.progress.show("analyze", ctx.archive_bytes_done.load() / 1e6, total_bytes / 1e6,
                      fmt::format("{}/{} artifacts, {:.0f} MB of Python", ctx.done.load(), ctx.inputs.size(),
                                  ctx.bytes_read.load() / 1e6),
                      final);
  };
  if (ctx.options.progress && !ctx.inputs.empty() && !ctx.options.feed) {
    progress = std::thread([&] {
      while (!finished) {
        for (int i = 0; i < 2 && !finished; i++) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!finished) show(false);
      }
    });
  }

  // Inputs come from the list collected up front, or one by one from a feed. A fed input is
  // kept in a deque so the pointer handed down the pipeline stays valid.
  size_t next = 0;
  std::deque<Input> fed;
  size_t fed_next = 0;
  auto next_input = [&](tbb::flow_control& fc) -> Input* {
    if (stop_requested()) {  // asked to stop: start nothing new; what is under way commits
      fc.stop();
      return nullptr;
    }
    if (!ctx.options.feed) {
      if (next < ctx.inputs.size()) {
        seed_duplicates_from_sdist(ctx, ctx.inputs[next]);
        return &ctx.inputs[next++];
      }
      fc.stop();
      return nullptr;
    }
    std::string path;
    while (fed_next == fed.size() && ctx.options.feed->pop(path)) {
      std::vector<std::string> problems;
      bool taken = false;
      for (Input& in : collect_inputs({path}, problems)) {
        if (other_shards(ctx, in)) continue;
        ctx.totals.inputs++;
        if (already_analyzed(ctx, in)) {
          ctx.totals.skipped++;
        } else {
          fed.push_back(std::move(in));
          taken = true;
        }
      }
      for (auto& p : problems) ctx.report(std::move(p));
      // Stored already, or nothing to store: whoever waits for it need not wait on.
      if (!taken && ctx.options.on_stored) ctx.options.on_stored(path);
    }
    if (fed_next < fed.size()) {
      seed_duplicates_from_sdist(ctx, fed[fed_next]);
      return &fed[fed_next++];
    }
    fc.stop();
    return nullptr;
  };
  try {
    tbb::parallel_pipeline(
        size_t(std::max(2, 2 * threads)),
        tbb::make_filter<void, Input*>(tbb::filter_mode::serial_in_order, next_input) &
            tbb::make_filter<Input*, ArtifactResult>(
                tbb::filter_mode::parallel,
                [&](Input* in) { return analyze_artifact(ctx, *in, workers.local()); }) &
            tbb::make_filter<ArtifactResult, void>(tbb::filter_mode::serial_out_of_order,
                                                   [&](ArtifactResult r) {
                                                     const uint64_t size = r.input->size;
                                                     writer.accept(std::move(r));
                                                     ctx.archive_bytes_done += size;
                                                     ctx.done++;
                                                   }));
    writer.finish();
  } catch (...) {
    finished = true;
    if (progress.joinable()) progress.join();
    throw;
  }
  finished = true;
  if (progress.joinable()) {
    progress.join();
    show(true);
  }
}

}  // namespace

void InputFeed::push(const std::vector<std::string>& paths) {
  {
    std::lock_guard lock(mutex_);
    paths_.insert(paths_.end(), paths.begin(), paths.end());
  }
  ready_.notify_all();
}

void InputFeed::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

bool InputFeed::pop(std::string& path) {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [&] { return closed_ || !paths_.empty(); });
  if (paths_.empty()) return false;
  path = std::move(paths_.front());
  paths_.pop_front();
  return true;
}

// The index of files by content (files_hash, which the read-outs join hits through) takes each
// files row at a random place: on the 4,482-archive corpus, keeping it up to date row by row
// cost a fifth of the run's wall time, more than its CPU time, as its pages crowd the workers'
// data out of the caches both cores share. A run that at least doubles the store therefore drops
// it and builds it again at the end, sorting once. Where a run dies before the end, the next
// writer to open the store builds it (sql/schema.sql); readers meanwhile only run slower.
class DeferredFilesIndex {
 public:
  DeferredFilesIndex(Db& db, bool feed, size_t inputs) : db_(db) {
    const int64_t stored = stored_artifact_count(db);
    if (stored > 0 && (feed || int64_t(inputs) < stored)) return;
    drop_files_index(db);
    dropped_ = true;
  }
  ~DeferredFilesIndex() {
    if (!dropped_) return;
    try {
      ScopedTimer t("index files by content");
      build_files_index(db_);
    } catch (const std::exception&) {
      // Out of disk space, say, which the run has reported already: the next writer builds it.
    }
  }
  DeferredFilesIndex(const DeferredFilesIndex&) = delete;
  DeferredFilesIndex& operator=(const DeferredFilesIndex&) = delete;

 private:
  Db& db_;
  bool dropped_ = false;
};

AnalyzeTotals analyze(const AnalyzeOptions& options) {
  ScopedTimer t("analyze");
  Db db(options.db_path);
  Db lookup(options.db_path, OpenMode::Read);
  AnalyzeContext ctx(options, db, lookup);
  if (!options.feed) {
    collect(ctx);
    drop_analyzed(ctx);
  }
  load_known_contents(ctx);
  ctx.index_duplicates = options.feed || std::any_of(ctx.inputs.begin(), ctx.inputs.end(), reads_zip_directory);
  std::optional<DeferredFilesIndex> deferred_index;
  if (options.feed || !ctx.inputs.empty()) deferred_index.emplace(db, options.feed != nullptr, ctx.inputs.size());
  analyze_inputs(ctx);
  deferred_index.reset();
  ctx.totals.files_failed = ctx.files_failed;
  ctx.totals.duplicates_skipped = ctx.duplicates_skipped;
  ctx.totals.duplicates_checked = ctx.duplicates_checked;
  ctx.totals.duplicates_differ = ctx.duplicates_differ;
  for (NotParsedFiles* by : {&ctx.over_member_cap, &ctx.over_parse_cap})
    if (by->count) ctx.totals.not_parsed.push_back(std::move(*by));
  return std::move(ctx.totals);
}

}  // namespace pep765
