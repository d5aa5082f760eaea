// `pep765 trend`: the census over time, from the snapshots one store holds (`run --as-of
// D1,D2,...`): per snapshot its packages, lines and hits under both rules with the rate and
// its interval; and each hit of the earliest snapshot followed through the later ones (matched
// as `compare` and triage match hits: package, path, statement, source line, occurrence):
// how many each later snapshot no longer has (fixed), the median time from the release that
// had the hit to the release that dropped it, and which are still there.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "common/choices.h"

namespace pep765 {

nlohmann::json build_trend(const std::string& db_path, LineDefinition loc);
std::string render_trend_text(const nlohmann::json& trend);
std::string render_trend_markdown(const nlohmann::json& trend);
// One self-contained page: the rate over time as a chart (each snapshot with its interval, the
// PEP's top-8,000 rate and Python 3.14's release date marked), the table, the hits' life.
std::string render_trend_html(const nlohmann::json& trend);

}  // namespace pep765
