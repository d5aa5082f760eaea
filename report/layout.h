// What text, markdown and HTML lay out alike, decided once: the provenance list, the table of
// selections beside the PEP's rows, the table of rank bands. Each renderer only dresses the
// cells (widths, pipes, tags) and quotes outside text its own way.
#pragma once
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace pep765 {

// `s` with each character the table names replaced by its text: HTML's entities, TSV's escapes.
struct CharEscape {
  char c;
  const char* as;
};
std::string escape_chars(std::string_view s, std::initializer_list<CharEscape> table);

// A markdown table cell: pipes escaped, line breaks as spaces.
std::string markdown_cell(const std::string& s);

// How a renderer shows text from the store: `plain` in running text, `code` for a list name
// or a URL (HTML sets it in <code>).
struct Quote {
  std::function<std::string(const std::string&)> plain, code;
};

// "selection: top 100 from ...", "fetched A to B", "analyzed ...", "a hit: ...", "lines: ...",
// the CPython 3.14 line: the provenance items after the tool's own.
std::vector<std::string> provenance_items(const Provenance& p, const Quote& q);
// What reading the census cost, in one line ("read: index pages ...; sdists ...; wheels ..."),
// "" when nothing was fetched: the provenance item, and summary's text.
std::string read_cost_words(const std::vector<Provenance::ReadCost>& costs);

// Beside the PEP's figures: how its lines were counted, when this report counts them otherwise
// (the default, physical lines, is not the study's newlines + 1); "" under --loc study.
std::string pep_lines_note(const Report& r);

// How many hits their own maintainers marked as meant (a `# noqa` or pylint disable on the
// line), of those whose comments were read; "" when none were read (a store analyzed before).
std::string marked_in_code_words(const HitTotals& h);

// The rows of the selections table: each selection, then the PEP's two samples.
struct SelectionLine {
  std::optional<std::string> kind;  // a selection's kind; none for the PEP's rows
  std::string label, listed, found, counted, lines, hits;
  RateFigure rate;
};
std::vector<SelectionLine> selection_lines(const Report& r);

// The rows of the rank band table: every counted package ("all"), then each band.
struct BandLine {
  std::string label;
  int64_t packages = 0;
  PerRule rate;
};
std::vector<BandLine> band_lines(const Report& r);

}  // namespace pep765
