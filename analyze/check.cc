// The check stage (analyze/check.h): collect the files, analyze them in parallel, keep what
// has findings.
#include "analyze/check.h"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for_each.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "common/printable.h"
#include "common/timings.h"
#include "extract/sources.h"

namespace pep765 {

namespace fs = std::filesystem;

namespace {

// Directories a walk leaves out, as ruff's default `exclude` does: version control, virtual
// environments, tool caches and build output hold no code of the project's own.
bool skipped_directory(const std::string& name) {
  static const char* const kSkipped[] = {"__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
                                         "node_modules", "site-packages", "venv"};
  if (!name.empty() && name[0] == '.') return true;  // .git, .venv, .tox, .mypy_cache ...
  for (const char* s : kSkipped)
    if (name == s) return true;
  return false;
}

// One unit of work: a .py file on disk, or an archive whose members are read in turn.
struct Target {
  std::string display;   // as the user will read it
  std::string path;      // what to open
  bool archive = false;
};

struct CheckContext {
  const CheckOptions& options;
  std::vector<Target> targets;
  CheckResult result;
  std::mutex mutex;  // guards result

  void problem(std::string what) {
    std::lock_guard lock(mutex);
    result.problems.push_back(printable(what));
  }
};

bool is_python_name(const std::string& name) { return name.size() > 3 && name.ends_with(".py"); }

void walk_directory(CheckContext& ctx, const std::string& root) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  if (ec) return ctx.problem(fmt::format("{}: cannot read the directory: {}", root, ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) {
      ctx.problem(fmt::format("{}: {}", root, ec.message()));
      break;
    }
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (entry.is_symlink(ec)) continue;  // never followed: a link may lead out of the tree, or round it
    if (entry.is_directory(ec)) {
      if (skipped_directory(name)) it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file(ec) && is_python_name(name)) {
      const std::string path = entry.path().string();
      // `check .` names files as ruff and git do: src/x.py, not ./src/x.py.
      ctx.targets.push_back({path.starts_with("./") ? path.substr(2) : path, path, false});
    }
  }
}

void collect_targets(CheckContext& ctx) {
  ScopedTimer t("collect files");
  for (const std::string& path : ctx.options.paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      ctx.problem(fmt::format("{}: no such file or directory", path));
    } else if (fs::is_directory(status)) {
      walk_directory(ctx, path);
    } else if (is_archive_name(fs::path(path).filename().string())) {
      ctx.targets.push_back({path, path, true});
    } else {
      ctx.targets.push_back({path, path, false});  // named: read whatever its suffix
    }
  }
  // Each file once, in a stable order.
  std::sort(ctx.targets.begin(), ctx.targets.end(), [](const Target& a, const Target& b) { return a.display < b.display; });
  ctx.targets.erase(std::unique(ctx.targets.begin(), ctx.targets.end(),
                                [](const Target& a, const Target& b) { return a.display == b.display; }),
                    ctx.targets.end());
}

void keep(CheckContext& ctx, CheckedFile&& file) {
  const bool has_hits = !file.analysis.hits.empty();
  if (!has_hits && file.analysis.parse != ParseOutcome::Errors) return;
  if (!has_hits) file.text.clear();  // only hits need their lines
  std::lock_guard lock(ctx.mutex);
  ctx.result.findings.push_back(std::move(file));
}

void check_file(CheckContext& ctx, const Target& target, PythonParser& parser) {
  std::error_code ec;
  const auto size = fs::file_size(target.path, ec);
  if (ec) return ctx.problem(fmt::format("{}: cannot read: {}", target.display, ec.message()));
  if (size > ctx.options.max_file_bytes)
    return ctx.problem(fmt::format("{}: {} bytes, over the limit of {}: not checked", target.display, size,
                                   ctx.options.max_file_bytes));
  std::ifstream in(target.path, std::ios::binary);
  CheckedFile file;
  file.path = target.display;
  file.text.resize(size);
  if (!in || !in.read(file.text.data(), std::streamsize(size)))
    return ctx.problem(fmt::format("{}: cannot read: {}", target.display, std::strerror(errno)));
  file.analysis = analyze_file(file.text, parser, ctx.options.file);
  {
    std::lock_guard lock(ctx.mutex);
    ctx.result.files++;
  }
  keep(ctx, std::move(file));
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

void check_archive(CheckContext& ctx, const Target& target, PythonParser& parser) {
  Input input;
  input.path = target.path;
  input.name = fs::path(target.path).filename().string();
  input.kind = input.name.ends_with(".whl") ? InputKind::Wheel : input.name.ends_with(".egg") ? InputKind::Egg
                                                                                                : InputKind::Sdist;
  std::error_code ec;
  input.size = fs::file_size(target.path, ec);
  std::unique_ptr<MemberReader> reader = open_members(input);
  reader->limit_expansion(ctx.options.max_expanded_bytes, ctx.options.max_expansion_ratio);
  size_t files = 0;
  while (reader->next()) {
    CheckedFile file;
    file.archive = target.display;
    file.member = reader->member_path();
    file.path = target.display + "!" + file.member;
    std::string why;
    if (!read_member(*reader, ctx.options.max_file_bytes, file.text, why)) {
      ctx.problem(fmt::format("{}: {}", file.path, why));
      if (reader->fatal()) break;
      continue;
    }
    files++;
    file.analysis = analyze_file(file.text, parser, ctx.options.file);
    keep(ctx, std::move(file));
  }
  if (!reader->error().empty() && reader->fatal()) ctx.problem(fmt::format("{}: {}", target.display, reader->error()));
  std::lock_guard lock(ctx.mutex);
  ctx.result.files += files;
}

void check_targets(CheckContext& ctx) {
  ScopedTimer t("check files");
  const int threads = ctx.options.jobs > 0 ? ctx.options.jobs : int(std::thread::hardware_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::max(1, threads));
  tbb::enumerable_thread_specific<PythonParser> parsers;
  tbb::parallel_for_each(ctx.targets.begin(), ctx.targets.end(), [&](const Target& target) {
    PythonParser& parser = parsers.local();
    try {
      if (target.archive) check_archive(ctx, target, parser);
      else check_file(ctx, target, parser);
    } catch (const std::exception& e) {
      ctx.problem(fmt::format("{}: analysis failed: {}", target.display, e.what()));
    }
  });
  std::sort(ctx.result.findings.begin(), ctx.result.findings.end(),
            [](const CheckedFile& a, const CheckedFile& b) { return a.path < b.path; });
}

}  // namespace

CheckResult check_paths(const CheckOptions& options) {
  CheckContext ctx{options, {}, {}, {}};
  collect_targets(ctx);
  check_targets(ctx);
  return std::move(ctx.result);
}

}  // namespace pep765
