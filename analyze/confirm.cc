#include "analyze/confirm.h"
#include "analyze/cpython314.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <vector>

#include "common/error.h"
#include "common/timings.h"
#include "extract/sources.h"
#include "sql/analysis_records.h"

namespace pep765 {

namespace {

// The bytes of the `member`-th .py member of an artifact, read again from its archive.
std::optional<std::string> member_bytes(const std::string& path, const std::string& kind, int64_t member,
                                        size_t cap) {
  auto k = input_kind_from_name(kind);
  if (!k) return std::nullopt;
  Input in;
  in.path = path;
  in.name = std::filesystem::path(path).filename().string();
  in.kind = *k;
  std::error_code ec;
  in.size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 1;
  auto reader = open_members(in);
  for (int64_t i = 0; reader->next(); i++) {
    if (i != member) continue;
    std::string bytes;
    char chunk[1 << 16];
    for (int64_t n; (n = reader->read(chunk, sizeof chunk)) > 0;) {
      bytes.append(chunk, size_t(n));
      if (bytes.size() > cap) return std::nullopt;
    }
    return bytes;
  }
  return std::nullopt;
}

std::string with_note(std::string notes, std::string_view note) {
  return notes.empty() ? std::string(note) : notes + "," + std::string(note);
}

std::string without_note(const std::string& notes, std::string_view note) {
  std::string out;
  for (size_t start = 0; start <= notes.size();) {
    size_t comma = notes.find(',', start);
    if (comma == std::string::npos) comma = notes.size();
    std::string_view item(notes.data() + start, comma - start);
    if (!item.empty() && item != note) out += (out.empty() ? "" : ",") + std::string(item);
    start = comma + 1;
  }
  return out;
}

}  // namespace

ConfirmTotals confirm_with_cpython314(const ConfirmOptions& o) {
  ScopedTimer t("confirm with CPython 3.14");
  ConfirmTotals totals;
  Db db(o.db_path);
  const std::vector<ConfirmCandidate> candidates = unconfirmed_error_files(db);
  totals.candidates = candidates.size();
  if (candidates.empty()) return totals;

  const SigpipeIgnored sigpipe;
  Cpython314 checker(o.pyodide_dir, o.node);
  CpythonVerdicts verdicts(db);
  verdicts.record_interpreter(checker.version());
  for (const ConfirmCandidate& c : candidates) {
    auto bytes = member_bytes(c.artifact_path, c.artifact_kind, c.member, o.max_member_bytes);
    if (!bytes) {
      totals.unreadable++;
      continue;
    }
    auto verdict = checker.check(c.hex, *bytes);
    if (!verdict) throw std::runtime_error(checker.why());
    if ((*verdict)["compiled"].get<bool>()) {
      totals.parses++;
      std::vector<CpythonHit> hits;
      for (const auto& h : (*verdict)["hits"])
        hits.push_back({h[0].get<int64_t>(), h[1].get<int64_t>(), h[2].get<std::string>(), h[3].get<bool>(),
                        h[4].get<bool>()});
      verdicts.record_compiles(c.hash, with_note(without_note(c.notes, "python2"), "cpython314_parses"), hits);
    } else {
      totals.rejects++;
      verdicts.record_rejects(c.hash, with_note(c.notes, "cpython314_rejects"));
    }
  }
  return totals;
}

}  // namespace pep765
