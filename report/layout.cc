#include "report/layout.h"

#include <fmt/format.h>

#include <algorithm>

namespace pep765 {

std::string escape_chars(std::string_view s, std::initializer_list<CharEscape> table) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const CharEscape* e = std::find_if(table.begin(), table.end(), [c](const CharEscape& e) { return e.c == c; });
    if (e == table.end()) out += c;
    else out += e->as;
  }
  return out;
}

std::string markdown_cell(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return o;
}

namespace {

// The pick rule as the provenance names it: enough to know what was taken.
std::string pick_meaning(const std::string& pick) {
  if (pick == "study")
    return "study (as PEP 765's script: the release key that sorts last as a string, its first .tar.gz; sdists only)";
  if (pick == "latest") return "latest (the release pip would install, its sdist and one wheel)";
  return pick;
}

std::string megabytes(int64_t bytes) { return fmt::format("{:.1f} MB", double(bytes) / 1e6); }

}  // namespace

std::string read_cost_words(const std::vector<Provenance::ReadCost>& costs) {
  std::string out;
  for (const Provenance::ReadCost& c : costs) {
    if (c.requests == 0 && c.files == 0) continue;
    std::string part;
    if (c.kind == "index") {
      part = fmt::format("index pages {} read in {} requests", megabytes(c.read_bytes), thousands(c.requests));
    } else {
      part = fmt::format("{}s {} files, {} declared, {} read{} in {} requests", c.kind, thousands(c.files),
                         megabytes(c.declared_bytes), megabytes(c.read_bytes),
                         c.declared_bytes > 0 && c.unrecorded == 0
                             ? fmt::format(" ({:.1f} %)", 100.0 * double(c.read_bytes) / double(c.declared_bytes))
                             : "",
                         thousands(c.requests));
      if (c.by_ranges || c.refused_ranges)
        part += fmt::format(" ({} by ranges, {} whole where the server refused ranges)", thousands(c.by_ranges),
                            thousands(c.refused_ranges));
      if (c.members_left_out)
        part += fmt::format(" ({} .py members, {}, not read: the release's sdist gave them)",
                            thousands(c.members_left_out), megabytes(c.bytes_left_out));
      if (c.unrecorded) part += fmt::format(" ({} fetched before pep765 recorded what a file cost)", thousands(c.unrecorded));
    }
    out += (out.empty() ? "" : "; ") + part;
  }
  return out.empty() ? "" : "read: " + out;
}

std::vector<std::string> provenance_items(const Provenance& p, const Quote& q) {
  std::vector<std::string> items;
  for (const Provenance::SelectionMade& s : p.selections)
    items.push_back(fmt::format("selection: {} {} from {}{}; index {}{}; pick {}; made {}", q.plain(s.kind),
                                thousands(s.size), q.code(s.list),
                                s.list_date ? " (list of " + q.plain(*s.list_date) + ")" : "", q.code(s.index_url),
                                s.as_of ? ", as of " + q.plain(*s.as_of) : "", q.plain(pick_meaning(s.pick)),
                                q.plain(s.made)));
  if (std::string cost = read_cost_words(p.read_costs); !cost.empty()) items.push_back(q.plain(cost));
  if (p.fetched.first)
    items.push_back(fmt::format("fetched {} to {}", q.plain(*p.fetched.first), q.plain(p.fetched.last.value_or(""))));
  items.push_back(fmt::format("analyzed {} to {}", q.plain(p.analyzed.first.value_or("")),
                              q.plain(p.analyzed.last.value_or(""))));
  items.push_back("a hit: " + q.plain(p.rule));
  items.push_back("lines: " + q.plain(p.lines));
  items.push_back(fmt::format(
      "CPython 3.14{} gave its verdict on {} files the grammar rejected; {} rejected files had no such verdict",
      p.cpython314_version ? " (" + q.plain(*p.cpython314_version) + ", in pyodide)" : "", thousands(p.cpython314_asked),
      thousands(p.grammar_rejects_unconfirmed)));
  return items;
}

std::string pep_lines_note(const Report& r) {
  if (r.loc == "study") return "";
  return fmt::format("The PEP's lines are the study's count, newlines + 1 in each file CPython parsed; this census "
                     "counts {} lines here, so the two rates differ by definition as well as by sample: "
                     "--loc study counts as the study did.",
                     r.loc);
}

std::string marked_in_code_words(const HitTotals& h) {
  if (h.marks_read == 0) return "";
  return fmt::format("marked as meant in their own code (a # noqa or pylint disable on the line): {} of {} hits{}",
                     thousands(h.marked_in_code), thousands(h.marks_read),
                     h.marks_read < h.unique ? fmt::format(" ({} analyzed before pep765 read such comments)",
                                                           thousands(h.unique - h.marks_read))
                                             : "");
}

std::vector<SelectionLine> selection_lines(const Report& r) {
  std::vector<SelectionLine> rows;
  for (const SelectionRow& x : r.selections)
    rows.push_back({x.kind, x.label, thousands(x.listed), thousands(x.found), thousands(x.counted),
                    thousands(x.rate.lines), thousands(x.rate.hits), x.rate});
  const StudyRow& pep = r.pep765_study;
  rows.push_back({std::nullopt, "PEP 765: top 8,000", thousands(pep.top_packages), "-", thousands(pep.top_packages),
                  thousands(pep.top_rate.lines), thousands(pep.top_rate.hits), pep.top_rate});
  rows.push_back({std::nullopt, "PEP 765: random sample", "-", "-", "-", thousands(pep.random_rate.lines),
                  thousands(pep.random_rate.hits), pep.random_rate});
  return rows;
}

std::vector<BandLine> band_lines(const Report& r) {
  std::vector<BandLine> rows{{"all", r.packages, r.by_rule}};
  for (const RankBandRow& b : r.by_rank_band) rows.push_back({b.band, b.packages, b.rate});
  return rows;
}

}  // namespace pep765
