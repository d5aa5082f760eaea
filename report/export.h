// Hits out of the store for people and other tools: export (CSV / JSONL, with a drafted issue
// per hit), triage export / import (a person's categories, kept across runs), compare (what a
// newer census fixed).
#pragma once
#include <cstdio>
#include <string>
#include <vector>

namespace pep765 {

struct ExportOptions {
  std::string db_path = "pep765.sqlite";
  std::string format = "csv";    // csv | jsonl | markdown (with per = package: a file per package in `out`)
  std::string per = "hit";       // hit: a row per hit | package: a drafted issue per package
  std::string rule = "cpython";  // cpython | exits | any
  std::string category;          // empty: every category (per package: bug)
  std::string out;               // empty: standard output
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
void compare_stores(const std::string& old_db, const std::string& new_db, const std::string& rule,
                    const std::string& format, std::FILE* out);

}  // namespace pep765
