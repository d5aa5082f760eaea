// Hits out of the store for people and other tools: export (CSV / JSONL, with a drafted issue
// per hit), triage export / import (a person's categories, kept across runs), compare (what a
// newer census fixed).
#pragma once
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/choices.h"
#include "report/triage.h"

namespace pep765 {

// markdown: with per = package only, a file per package in `out`.
enum class ExportFormat { Csv, Jsonl, Markdown };
std::optional<ExportFormat> parse_export_format(std::string_view text);  // csv | jsonl | markdown
// A row per hit, or a drafted issue per package.
enum class ExportPer { Hit, Package };
std::optional<ExportPer> parse_export_per(std::string_view text);  // hit | package

struct ExportOptions {
  std::string db_path = "pep765.sqlite";
  ExportFormat format = ExportFormat::Csv;
  ExportPer per = ExportPer::Hit;
  Rule rule = Rule::Cpython;
  std::optional<Category> category;  // none: every category (per package: bug)
  std::string out;                   // empty: standard output
};

void export_hits(const ExportOptions& options);

// The columns of `export`, in order.
extern const std::vector<std::string> kExportColumns;

// RFC 4180: quoted where needed (comma, quote, CR, LF), quotes doubled; records end in CRLF.
std::string csv_record(const std::vector<std::string>& fields);
// Parses RFC 4180 text into records (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

void export_triage(const std::string& db_path, const std::string& out);
// Takes the rows where a person decided something: a category other than the program's, a
// note, or a change to an earlier decision; rows left as the program had them are not taken.
// Throws with the record and reason on a malformed file (and takes nothing).
struct TriageImport {
  size_t taken = 0, unchanged = 0;
};
TriageImport import_triage(const std::string& db_path, const std::string& file);

// Per package: hits fixed (gone in the newer store), new, unchanged.
enum class CompareFormat { Text, Json };
std::optional<CompareFormat> parse_compare_format(std::string_view text);  // text | json
void compare_stores(const std::string& old_db, const std::string& new_db, Rule rule, CompareFormat format,
                    std::FILE* out);

}  // namespace pep765
