// The report stage: the census's figures beside PEP 765's, hits by category, the packages with
// most hits, the files that could not be parsed; as text, markdown, JSON or one HTML file.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <optional>
#include <string_view>

#include "common/choices.h"

namespace pep765 {

enum class ReportFormat { Text, Markdown, Json, Html };
std::optional<ReportFormat> parse_report_format(std::string_view text);  // text | markdown | json | html

struct ReportOptions {
  std::string db_path = "pep765.sqlite";
  ReportFormat format = ReportFormat::Text;
  std::string out;                                 // empty: standard output
  Rule rule = Rule::Cpython;                       // which flag makes a hit: cpython or exits (not any)
  LineDefinition loc = LineDefinition::Physical;  // the rate's denominator
};

// The PEP's appendix, for side-by-side figures.
struct PepStudy {
  static constexpr int64_t top_lines = 120964221, top_hits = 203;
  static constexpr int64_t top_test = 46, top_intentional = 8, top_bug = 149;
  static constexpr int64_t random_lines = 77398892, random_hits = 316;
};

// Everything a report shows, computed once (every renderer reads this).
nlohmann::json build_report(const ReportOptions& options);

std::string render_text(const nlohmann::json& report);
std::string render_markdown(const nlohmann::json& report);
std::string render_html(const nlohmann::json& report);
// Text for HTML: & < > " ' as entities.
std::string html_escape(std::string_view s);

// Builds and writes the report in the chosen format.
void write_report(const ReportOptions& options);

}  // namespace pep765
