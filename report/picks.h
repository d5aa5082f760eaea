// The study's pick beside the latest: where a store holds a `--pick study` selection and a
// `--pick latest` one of the same list and date (`run --pick study,latest`, or two runs), the
// report puts them side by side: per project the two releases and their dates, lines and hits
// under each, each pick's rate with its interval, and the hits only the study's (stale) release
// has. Built of the trend's machinery (report/trend.h): each selection a snapshot, the hits of
// one followed into the other.
#pragma once
#include <string>
#include <vector>

#include "report/hits.h"
#include "report/report.h"
#include "sql/census.h"

namespace pep765 {

// One comparison per study selection that has a latest twin (same kind, list, list date,
// seed and as-of).
std::vector<PickComparison> compare_picks(Census& census, LineDefinition loc, const std::vector<HitRecord>& records);

// The comparison as each format shows it (text and markdown of a printable copy).
std::string render_pick_comparison_text(const PickComparison& c);
std::string render_pick_comparison_markdown(const PickComparison& c);
std::string render_pick_comparison_html(const PickComparison& c);

}  // namespace pep765
