// The census as the commands run it: `fetch` (per --as-of date), `analyze` (given paths, or
// what fetch verified), and `run`, fetch feeding analysis, each package analyzed as soon as
// fetch has verified its files. It composes the stages through their public interfaces only:
// fetch hands verified paths to an InputFeed, analysis takes them from it, each with its own
// connections to the store (sql/README.md, "Concurrency"). Where a CPython 3.14 is at hand it
// confirms tree-sitter's rejections before the closing lines, whose hits it may change.
#pragma once
#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "cli/exit_status.h"
#include "fetch/fetch.h"

namespace pep765::cli {

// How `--plan` prints: text for people, JSON for scripts.
enum class PlanFormat { Text, Json };

// `pep765 fetch`: a snapshot per --as-of date (one without) and per pick rule (`--pick
// study,latest`: two selections of each date), each with its closing line. With --plan (also
// `run --plan`), each snapshot's plan on standard output, in `plan_format`.
Outcome fetch_snapshots(const FetchOptions& options, const std::vector<Pick>& picks,
                        PlanFormat plan_format = PlanFormat::Text);

// `pep765 run`: per snapshot, fetch feeding analysis, then the closing lines; the store's
// summary at the end, as JSON on standard output. `analyze.db_path` is the fetch's.
Outcome run_snapshots(const FetchOptions& fetch, const std::vector<Pick>& picks, const AnalyzeOptions& analyze,
                      const std::string& cpython314_dir);

// `pep765 analyze`: the paths given, or, with none, every file fetch verified and no analysis
// has taken yet.
Outcome analyze_inputs(AnalyzeOptions options, const std::string& cpython314_dir);

}  // namespace pep765::cli
