// `pep765 run`: fetch and analyze together, each package analyzed as soon as fetch has verified
// its files. It composes the two stages through their public interfaces only: fetch hands
// verified paths to an InputFeed, analysis takes them from it, each with its own connections to
// the store (sql/README.md, "Concurrency").
#pragma once
#include "analyze/analyze.h"
#include "fetch/fetch.h"

namespace pep765 {

struct RunTotals {
  FetchTotals fetched;
  AnalyzeTotals analyzed;
};

// Fetch on the calling thread, analysis on another; `analyze_options.db_path` is the fetch's.
RunTotals run_census(FetchOptions fetch_options, AnalyzeOptions analyze_options);

}  // namespace pep765
