// What a paper or a talk needs beyond the headline figures: how the census was made
// (provenance), the rate by rank band and by pattern, both rules side by side, and every
// counted package's lines and hits (for plots without SQL). Added to the report model.
#pragma once
#include <string>
#include <vector>

#include "report/hits.h"
#include "report/report.h"
#include "sql/census.h"

namespace pep765 {

// r.provenance: the tool and its version, the store, each selection's list, date, index
// and --as-of, when it was fetched and analyzed, the analysis versions, the rule and line
// definitions, and whether CPython 3.14 gave its verdict on the files the grammar rejects.
void add_provenance(Census& census, const ReportOptions& o, Report& r);

// r.by_rank_band, r.by_rule, r.by_pattern_rate, r.per_package (after r.rate and r.hits).
void add_breakdowns(Census& census, const ReportOptions& o, const std::vector<const HitRecord*>& unique_hits,
                    Report& r);

}  // namespace pep765
