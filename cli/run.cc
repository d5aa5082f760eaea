#include "cli/run.h"

#include <exception>
#include <thread>

#include "sql/db.h"

namespace pep765 {

RunTotals run_census(FetchOptions fetch_options, AnalyzeOptions analyze_options) {
  InputFeed feed;
  analyze_options.db_path = fetch_options.db_path;
  analyze_options.feed = &feed;
  analyze_options.progress = false;
  fetch_options.on_package_ready = [&feed](const std::vector<std::string>& paths) { feed.push(paths); };
  { Db create(fetch_options.db_path); }  // the schema is in place before the stages open theirs
  RunTotals totals;
  std::exception_ptr analysis_error;
  std::thread analysis([&] {
    try {
      totals.analyzed = analyze(analyze_options);
    } catch (...) {
      analysis_error = std::current_exception();
    }
  });
  try {
    totals.fetched = fetch(fetch_options);
  } catch (...) {
    feed.close();
    analysis.join();
    throw;
  }
  feed.close();
  analysis.join();
  if (analysis_error) std::rethrow_exception(analysis_error);
  return totals;
}

}  // namespace pep765
