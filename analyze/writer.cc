#include "analyze/writer.h"

#include <fmt/format.h>

#include <ctime>
#include <stdexcept>

#include "common/dist_filename.h"
#include "common/timings.h"

namespace pep765 {

Writer::Writer(Db& db, ContentSet& contents, AnalyzeTotals& totals, int batch, bool store_has_stale_contents,
               std::function<void(const std::string&)> on_stored)
    : store_(db, store_has_stale_contents),
      totals_(totals),
      batch_(batch),
      contents_(contents),
      on_stored_(std::move(on_stored)) {}

void Writer::accept(ArtifactResult&& result) {
  begin();
  for (const ContentRecord& c : result.contents) write_content(c);
  waiting_.push_back(std::move(result));
  // Write every artifact whose contents are all stored now, in arrival order.
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (ready(*it)) {
      write_artifact(*it);
      it = waiting_.erase(it);
    } else {
      ++it;
    }
  }
  // Batches amortise commits; when fed by a running fetch, which writes to the same store,
  // the write lock is not held across the wait for the next package.
  if (++since_commit_ >= batch_ || std::chrono::steady_clock::now() - began_ > std::chrono::seconds(2)) commit();
}

void Writer::finish() {
  if (!waiting_.empty())
    throw std::logic_error(fmt::format("{} artifacts wait for contents never analyzed", waiting_.size()));
  commit();
}

bool Writer::ready(const ArtifactResult& r) const {
  for (const FileRecord& f : r.files)
    if (!contents_.is_stored(f.hash)) return false;
  return true;
}

void Writer::begin() {
  if (in_transaction_) return;
  store_.begin();
  in_transaction_ = true;
  began_ = std::chrono::steady_clock::now();
}

void Writer::commit() {
  if (!in_transaction_) return;
  PhaseClock clock("store commit");
  store_.commit();
  in_transaction_ = false;
  since_commit_ = 0;
  if (on_stored_)
    for (const std::string& path : written_) on_stored_(path);
  written_.clear();
}

void Writer::write_content(const ContentRecord& c) {
  PhaseClock clock("store contents");
  const XXH128_canonical_t key = c.hash.canonical();
  const FileAnalysis& a = c.analysis;
  std::string notes = a.facts.notes();
  if (a.python2_syntax) notes += notes.empty() ? "python2" : ",python2";
  // The rule CPython rejects the file for, unless a fact already names it (nul).
  if (a.rejected_layout && ("," + notes + ",").find("," + std::string(a.rejected_layout) + ",") == std::string::npos)
    notes += (notes.empty() ? "" : ",") + std::string(a.rejected_layout);
  if (!c.extra_notes.empty()) notes += (notes.empty() ? "" : ",") + c.extra_notes;
  const HashBytes hash(reinterpret_cast<const char*>(&key), sizeof key);
  store_.write_content({hash, int64_t(c.size), int64_t(a.facts.newlines), int64_t(a.facts.lines),
                        parse_outcome_name(a.parse), parse_scope_name(a.scope), notes, kAnalysisVersion, c.crc32});
  const bool erroneous = a.parse == ParseOutcome::Errors;
  for (const JumpHit& h : a.hits)
    store_.write_hit(hash, {h.line, h.column, statement_name(h.statement), h.cpython, h.exits, erroneous, h.has_value,
                            h.scope, h.try_line, h.handlers, h.try_body_returns, h.handler_returns, h.try_source,
                            h.body_raises, h.handler_raises, h.else_raises, h.one_operation_fallback,
                            h.suppressed_by, h.evidence.raise_line, h.evidence.reraise_line, h.evidence.raise_source,
                            h.evidence.handler_actions, h.evidence.value_flow, h.evidence.context});
  totals_.contents_analyzed++;
  totals_.hits += a.hits.size();
  contents_.mark_stored(c.hash);
}

void Writer::write_artifact(const ArtifactResult& r) {
  PhaseClock clock("store artifacts");
  const Input& in = *r.input;
  // What its file name says; a fetched file's download record overrides it (sql/).
  const ArtifactIdentity identity = identity_of_artifact(in.name, input_kind_name(in.kind));
  ArtifactRow row;
  row.path = in.path;
  row.name = in.name;
  row.kind = input_kind_name(in.kind);
  row.size = int64_t(in.size);
  row.mtime = in.mtime;
  row.status = r.status;
  row.error = r.error;
  row.files = int64_t(r.files.size());
  row.project = identity.project;
  if (identity.version) row.version = *identity.version;
  const int64_t id = store_.write_artifact(row);
  if (on_stored_) written_.push_back(in.path);
  for (const FileRecord& f : r.files) {
    const XXH128_canonical_t key = f.hash.canonical();
    store_.write_file(id, f.member, f.path, HashBytes(reinterpret_cast<const char*>(&key), sizeof key));
  }
  totals_.files += r.files.size();
  (r.status == "ok" ? totals_.ok : r.status == "partial" ? totals_.partial : totals_.failed)++;
}

}  // namespace pep765
