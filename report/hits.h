// Hits as the report, export, triage and compare read them: one record per hit per artifact,
// with its package, the path inside the package and the key that names it across runs.
#pragma once
#include <string>
#include <vector>

#include "report/triage.h"
#include "sql/census.h"
#include "sql/hit_rows.h"

namespace pep765 {

// What names a hit for a person's triage, across re-analysis and newer releases: the package,
// the path in the package, the statement, its source line, and which of the identical such
// lines of that file it is (0 for the first, by line), so two `return x` lines in one file are
// two hits to a person too.
struct HitKey {
  std::string package, path, statement, source;
  int occurrence = 0;
  auto operator<=>(const HitKey&) const = default;
};

// A hit as the store holds it (sql/hit_rows.h), with what the report derives from it.
struct HitRecord : HitRow {
  std::string package_path;  // path without an sdist's top folder
  std::string line_source;   // the statement's own line
  // Triage: the program's, or the person's where given.
  Triage triage;
  Category program_category = Category::Bug;  // the program's first pass, whatever a person said
  std::string note;
  bool triaged_by_person = false;

  int occurrence = 0;  // among identical statement lines of this file, by line

  std::string unique_key() const;  // content, line, column
  std::string snippet() const;  // numbered_snippet of this hit
  HitKey key() const { return {package, package_path, statement, line_source, occurrence}; }
};

// In a stable order: rank (unfetched last), package, artifact, member, line, column.
std::vector<HitRecord> load_hit_records(Census& census);

// One line of a hit's stored try source (analyze/finally_jumps.h: an excerpt of a long try):
// its number in the file, or 0 for a span left out, `gap` lines long.
struct ExcerptLine {
  int number = 0, gap = 0;
  std::string text;
};
std::vector<ExcerptLine> excerpt_lines(const std::string& try_source, int try_line);

// A hit's column in code points from 1 (common/source_line.h), from the byte column the store
// keeps and the hit's line as its try's stored source holds it (a flagged line is never left
// out of an excerpt; were it missing, the byte column is kept).
int character_column(const std::string& try_source, int try_line, int line, int byte_column);

// The statement's own line, out of the try statement's source ("" when left out).
std::string statement_line(const std::string& try_source, int try_line, int line);

// The try statement as a person reads it: dedented, each line numbered as in the file, the
// flagged line marked '>'; a long try shows its first lines, the `finally:` and the lines
// around the flagged one, with `...` for what is left out.
constexpr size_t kSnippetLines = 24;
std::string numbered_snippet(const std::string& try_source, int try_line, int line);
// The same with several flagged lines of one try (a draft shows the try once for all of them).
std::string numbered_snippet(const std::string& try_source, int try_line, const std::vector<int>& flagged);

}  // namespace pep765
