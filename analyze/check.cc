// The check stage (analyze/check.h): collect the inputs, analyze them in parallel, keep the
// files with findings.
#include "analyze/check.h"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for_each.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "analyze/cpython314.h"
#include "analyze/noqa.h"
#include "common/printable.h"
#include "common/timings.h"
#include "extract/regular_file.h"
#include "extract/sources.h"

namespace pep765 {

namespace {

struct CheckContext {
  const CheckOptions& options;
  std::vector<Input> inputs;
  CheckResult result;
  std::mutex mutex;  // guards result

  void problem(std::string what) {
    std::lock_guard lock(mutex);
    result.problems.push_back(printable(what));
  }
};

// The inputs, from extract's one collector under check's rules, in the order the user reads
// them (by the names they gave).
void collect_targets(CheckContext& ctx) {
  ScopedTimer t("collect files");
  std::vector<std::string> problems;
  WalkLog log;
  const CollectRules rules{.filter = &ctx.options.filter, .archives_in_directories = false,
                           .loose_files_as_one_input = false, .named_files_any_suffix = true, .log = &log};
  ctx.inputs = collect_inputs(ctx.options.paths, problems, rules);
  for (std::string& p : problems) ctx.problem(std::move(p));
  ctx.result.skipped = std::move(log.skipped);
  ctx.result.archives_not_read = std::move(log.archives);
  std::sort(ctx.inputs.begin(), ctx.inputs.end(), [](const Input& a, const Input& b) { return a.given < b.given; });
}

// A hit whose line ends in a suppression comment is marked with it (analyze/noqa.h).
void mark_suppression(const CheckContext& ctx, std::string_view text, LintHit& hit, PythonParser& parser) {
  if (ctx.options.ignore_noqa) return;
  hit.suppressed_by = suppression_of(text, hit.line, hit.column, hit.cpython ? "PEP765" : "PEP765X", parser);
}

// Analyzes one file's text and keeps it when it has hits or does not parse: what the linter
// needs of the analysis, its hits and whether it parsed.
void check_text(CheckContext& ctx, CheckedFile&& file, PythonParser& parser) {
  const FileAnalysis analysis = analyze_file(file.text, parser, ctx.options.file);
  file.parse_failed = analysis.parse == ParseOutcome::Errors;
  if (analysis.hits.empty() && !file.parse_failed) return;
  file.rejected_layout = analysis.rejected_layout;
  for (const JumpHit& h : analysis.hits) {
    LintHit hit{h.line, h.column, statement_name(h.statement), h.cpython, h.exits, {}};
    mark_suppression(ctx, file.text, hit, parser);
    file.hits.push_back(std::move(hit));
  }
  // Only hits need their lines, and CPython 3.14 the text of a file that does not parse.
  if (file.hits.empty() && !(file.parse_failed && !ctx.options.pyodide_dir.empty())) file.text.clear();
  std::lock_guard lock(ctx.mutex);
  ctx.result.findings.push_back(std::move(file));
}

void check_file(CheckContext& ctx, const Input& input, PythonParser& parser) {
  // Opened non-blocking and typed before any read: a file swapped for a FIFO since it was
  // collected cannot block the check.
  const RegularFile in(input.path);
  if (!in.ok()) return ctx.problem(fmt::format("{}: cannot read: {}", input.given, in.error()));
  const uint64_t size = in.size();
  if (size > ctx.options.max_file_bytes)
    return ctx.problem(fmt::format("{}: {} bytes, over the limit of {}: not checked", input.given, size,
                                   ctx.options.max_file_bytes));
  CheckedFile file;
  file.path = input.given;
  file.text.resize(size);
  for (size_t at = 0; at < size;) {
    const int64_t got = in.read_at(at, file.text.data() + at, size - at);
    if (got < 0) return ctx.problem(fmt::format("{}: cannot read: {}", input.given, std::strerror(errno)));
    if (got == 0) {  // shorter than it was a moment ago: check what is there
      file.text.resize(at);
      break;
    }
    at += size_t(got);
  }
  {
    std::lock_guard lock(ctx.mutex);
    ctx.result.files++;
  }
  check_text(ctx, std::move(file), parser);
}

// The whole member, up to `cap` bytes; false (with the reason) past it or on a read error.
bool read_member(MemberReader& reader, size_t cap, std::string& out, std::string& why) {
  out.clear();
  char buffer[1 << 16];
  for (;;) {
    const int64_t got = reader.read(buffer, sizeof buffer);
    if (got < 0) {
      why = reader.error();
      return false;
    }
    if (got == 0) return true;
    if (out.size() + size_t(got) > cap) {
      why = fmt::format("over the limit of {} bytes: not checked", cap);
      return false;
    }
    out.append(buffer, size_t(got));
  }
}

void check_archive(CheckContext& ctx, const Input& input, PythonParser& parser) {
  std::unique_ptr<MemberReader> reader = open_members(input);
  reader->limit_expansion(ctx.options.max_expanded_bytes, ctx.options.max_expansion_ratio);
  size_t files = 0;
  while (reader->next()) {
    CheckedFile file;
    file.archive = input.given;
    file.member = reader->member_path();
    file.path = input.given + "!" + file.member;
    std::string why;
    if (!read_member(*reader, ctx.options.max_file_bytes, file.text, why)) {
      ctx.problem(fmt::format("{}: {}", file.path, why));
      if (reader->fatal()) break;
      continue;
    }
    files++;
    check_text(ctx, std::move(file), parser);
  }
  if (!reader->error().empty() && reader->fatal()) ctx.problem(fmt::format("{}: {}", input.given, reader->error()));
  std::lock_guard lock(ctx.mutex);
  ctx.result.files += files;
}

// Standard input, whole (up to the file limit), as one file named as the options say.
void check_stdin(CheckContext& ctx, PythonParser& parser) {
  CheckedFile file;
  file.path = ctx.options.stdin_name;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(0, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ctx.problem(fmt::format("{}: cannot read standard input: {}", file.path, std::strerror(errno)));
    if (got == 0) break;
    if (file.text.size() + size_t(got) > ctx.options.max_file_bytes)
      return ctx.problem(fmt::format("{}: over the limit of {} bytes: not checked", file.path, ctx.options.max_file_bytes));
    file.text.append(buffer, size_t(got));
  }
  ctx.result.files++;
  check_text(ctx, std::move(file), parser);
}

void check_targets(CheckContext& ctx) {
  ScopedTimer t("check files");
  const int threads = ctx.options.jobs > 0 ? ctx.options.jobs : int(std::thread::hardware_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::max(1, threads));
  tbb::enumerable_thread_specific<PythonParser> parsers;
  if (!ctx.options.stdin_name.empty()) check_stdin(ctx, parsers.local());
  tbb::parallel_for_each(ctx.inputs.begin(), ctx.inputs.end(), [&](const Input& input) {
    PythonParser& parser = parsers.local();
    try {
      if (input.kind == InputKind::File) check_file(ctx, input, parser);
      else check_archive(ctx, input, parser);
    } catch (const std::exception& e) {
      ctx.problem(fmt::format("{}: analysis failed: {}", input.given, e.what()));
    }
  });
  std::sort(ctx.result.findings.begin(), ctx.result.findings.end(),
            [](const CheckedFile& a, const CheckedFile& b) { return a.path < b.path; });
}

// The files tree-sitter's grammar rejects, put to CPython 3.14 when it is at hand: where it
// compiles a file, its hits (its own SyntaxWarnings for the cpython rule) replace the recovered
// ones and the file parses; where it does not, its reason is kept for the note.
void confirm_unparsed(CheckContext& ctx) {
  if (ctx.options.pyodide_dir.empty()) return;
  std::vector<CheckedFile*> unparsed;
  for (CheckedFile& f : ctx.result.findings)
    if (f.parse_failed) unparsed.push_back(&f);
  if (unparsed.empty()) return;
  ScopedTimer t("confirm with CPython 3.14");
  const SigpipeIgnored sigpipe;
  Cpython314 cpython(ctx.options.pyodide_dir);
  PythonParser parser;
  for (CheckedFile* f : unparsed) {
    const std::optional<nlohmann::json> verdict = cpython.check(f->path, f->text);
    if (!verdict) {
      ctx.problem(fmt::format("{}: CPython 3.14 gave no verdict: {}", f->path, cpython.why()));
      return;
    }
    if (!verdict->value("compiled", false)) {
      f->cpython314_error = printable(verdict->value("error", ""));
      continue;
    }
    f->parse_failed = false;
    f->rejected_layout = nullptr;
    f->hits.clear();
    for (const nlohmann::json& h : (*verdict)["hits"]) {
      const std::string statement = h[2].get<std::string>();
      LintHit hit{h[0].get<uint32_t>(), h[1].get<uint32_t>(),
                  statement == "break" ? "break" : statement == "continue" ? "continue" : "return", h[3].get<bool>(),
                  h[4].get<bool>(), {}};
      mark_suppression(ctx, f->text, hit, parser);
      f->hits.push_back(std::move(hit));
    }
  }
  // A file CPython compiles without a hit is clean.
  std::erase_if(ctx.result.findings, [](const CheckedFile& f) { return !f.parse_failed && f.hits.empty(); });
}

}  // namespace

CheckResult check_paths(const CheckOptions& options) {
  CheckContext ctx{options, {}, {}, {}};
  collect_targets(ctx);
  check_targets(ctx);
  confirm_unparsed(ctx);
  return std::move(ctx.result);
}

}  // namespace pep765
