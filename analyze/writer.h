// The analyze stage's one writer into the store.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/content_set.h"
#include "analyze/records.h"
#include "sql/analysis_records.h"

namespace pep765 {

// The one writer: artifacts go in as soon as every content their files name is stored, so
// the store is consistent after every commit, whatever moment a run is killed at.
class Writer {
 public:
  // `contents`: what the run knows of each content (the writer marks what it stores);
  // `batch`: artifacts per transaction (1 when a running fetch shares the store);
  // `store_has_stale_contents`: the store holds contents an older analysis wrote.
  // `on_stored`: told each artifact's path once a commit has stored it (may be empty).
  Writer(Db& db, ContentSet& contents, AnalyzeTotals& totals, int batch, bool store_has_stale_contents,
         std::function<void(const std::string&)> on_stored = {});
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  void accept(ArtifactResult&& result);
  void finish();

 private:
  bool ready(const ArtifactResult& r) const;
  void begin();
  void commit();
  void write_content(const ContentRecord& c);
  void write_artifact(const ArtifactResult& r);

  AnalysisWriter store_;
  AnalyzeTotals& totals_;
  const int batch_;
  ContentSet& contents_;
  std::vector<ArtifactResult> waiting_;
  bool in_transaction_ = false;
  int since_commit_ = 0;
  std::chrono::steady_clock::time_point began_;
  std::function<void(const std::string&)> on_stored_;
  std::vector<std::string> written_;  // paths of the artifacts the open transaction wrote
};

}  // namespace pep765
