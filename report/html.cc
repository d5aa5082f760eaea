// The HTML report: one self-contained file (no CDN, no fetch): the summary beside PEP 765's
// figures, charts as inline SVG, and a table of hits that filters in the page.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "report/layout.h"
#include "report/picks.h"
#include "report/report.h"
#include "report/stats.h"

#include "common/url.h"

namespace pep765 {

std::string html_escape(std::string_view s) {
  return escape_chars(s, {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}});
}

namespace {

std::string esc(const std::string& s) { return html_escape(s); }
std::string code(const std::string& s) { return "<code>" + html_escape(s) + "</code>"; }
const Quote kHtmlQuote{esc, code};

std::string num(int64_t n) { return thousands(n); }

// Horizontal bars: one row per (label, value).
std::string bar_chart(const std::string& id, const std::string& title,
                      const std::vector<std::pair<std::string, int64_t>>& rows) {
  const int row_h = 22, label_w = 220, bar_w = 360, h = int(rows.size()) * row_h + 40;
  int64_t max = 1;
  for (auto& [l, v] : rows) max = std::max(max, v);
  std::string svg = fmt::format(
      "<figure><figcaption>{}</figcaption><svg id=\"{}\" role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\">",
      esc(title), id, esc(title), label_w + bar_w + 70, h, label_w + bar_w + 70, h);
  int y = 10;
  for (auto& [label, value] : rows) {
    const int w = int(double(value) / double(max) * bar_w);
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"bar\"/>"
        "<text x=\"{}\" y=\"{}\" class=\"value\">{}</text>",
        label_w - 6, y + 15, esc(label), label_w, y + 3, std::max(w, 1), row_h - 6, label_w + w + 6, y + 15, num(value));
    y += row_h;
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis-title\">hits (bar length to scale, the count beside it)</text>",
                     label_w, y + 16);
  return svg + "</svg></figure>";
}

// Rates with their 95% intervals on one scale: a dot and a whisker per row, over an axis of
// round ticks with its title. Every mark stays on the axis, and the dot on its whisker.
std::string rate_chart(const std::string& id, const std::string& caption,
                       const std::vector<std::pair<std::string, RateFigure>>& rows) {
  const int row_h = 30, label_w = 260, plot_w = 380, h = int(rows.size()) * row_h + 58;
  double highest = 0;
  for (auto& [l, r] : rows) highest = std::max({highest, r.high, r.per_million});
  const ChartAxis axis = round_axis(highest);
  auto x = [&](double v) { return label_w + int(std::clamp(v, 0.0, axis.end) / axis.end * plot_w); };
  std::string svg = fmt::format(
      "<figure><figcaption>{}</figcaption><svg id=\"{}\" role=\"img\" "
      "aria-label=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
      esc(caption), esc(id), esc(caption), label_w + plot_w + 90, h, label_w + plot_w + 90, h);
  int y = 15;
  for (auto& [label, r] : rows) {
    const double v = r.per_million, lo = std::min(r.low, v), hi = std::max(r.high, v);
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>"
        "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" class=\"whisker\"/>"
        "<circle cx=\"{}\" cy=\"{}\" r=\"5\" class=\"dot\"/>"
        "<text x=\"{}\" y=\"{}\" class=\"value\">{:.2f}</text>",
        label_w - 8, y + 5, esc(label), x(lo), x(hi), y, y, x(v), y, x(hi) + 8, y + 5, v);
    y += row_h;
  }
  svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" class=\"axis\"/>", label_w, label_w + plot_w, y - 8, y - 8);
  for (int i = 0; i <= axis.ticks(); i++)
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>", x(i * axis.step),
                       y + 8, axis.label(i));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis-title\">hits per million lines "
                     "(dot: the rate; line: its 95% interval)</text>",
                     label_w + plot_w / 2, y + 30);
  return svg + "</svg></figure>";
}

// A table's head: the first column is text, the others figures (right-aligned).
std::string table_head(const char* id, const std::vector<std::string>& columns) {
  std::string h = fmt::format("<table id=\"{}\"><thead><tr><th>{}</th>", id, columns[0]);
  for (size_t i = 1; i < columns.size(); i++) h += "<th class=\"n\">" + columns[i] + "</th>";
  return h + "</tr></thead><tbody>\n";
}

// A row of such a table, its cells already escaped; `attributes` go in the <tr>.
std::string table_row(const std::string& attributes, const std::vector<std::string>& cells) {
  std::string h = fmt::format("<tr{}><td>{}</td>", attributes, cells[0]);
  for (size_t i = 1; i < cells.size(); i++) h += "<td class=\"n\">" + cells[i] + "</td>";
  return h + "</tr>\n";
}

const char* kStyle = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; } th, td { padding: 4px 8px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .3em; }
.bar { fill: #4a7ab5; } .dot { fill: #c0392b; } .whisker { stroke: #c0392b; stroke-width: 2; } .axis { stroke: #888; }
.label, .value, .tick { font-size: 12px; fill: #333; } .axis-title { font-size: 12px; fill: #555; font-style: italic; }
.cat-bug { color: #b03a2e; font-weight: 600; } .cat-intentional { color: #7d6608; } .cat-test { color: #1e8449; } .cat-review { color: #2e4053; font-style: italic; }
pre { background: #f6f6f6; padding: .5em; overflow-x: auto; max-width: 560px; font-size: 12px; }
#filters { margin: .5em 0 1em; } #filters input { width: 24em; }
)css";

const char* kScript = R"js(
(function () {
  var text = document.getElementById('filter-text'), cat = document.getElementById('filter-category');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#hits tbody tr'));
  var shown = document.getElementById('shown');
  function apply() {
    var t = text.value.toLowerCase(), c = cat.value, n = 0;
    rows.forEach(function (r) {
      var ok = (!c || r.dataset.category === c) && (!t || r.textContent.toLowerCase().indexOf(t) >= 0);
      r.style.display = ok ? '' : 'none';
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' hits shown';
  }
  // A fragment like #category=bug&q=requests sets the filters, so a view can be linked to.
  var params = new URLSearchParams(location.hash.slice(1));
  if (params.get('category')) cat.value = params.get('category');
  if (params.get('q')) text.value = params.get('q');
  text.addEventListener('input', apply);
  cat.addEventListener('change', apply);
  apply();
})();
)js";

}  // namespace

std::string render_html(const Report& r) {
  const StudyRow& pep = r.pep765_study;
  auto rate = [](const RateFigure& x) {
    return fmt::format("{:.2f} <small>[{:.2f}, {:.2f}]</small>", x.per_million, x.low, x.high);
  };
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pep765 report</title><style>";
  h += kStyle;
  h += "</style></head><body>\n<h1>pep765 report</h1>\n";
  h += fmt::format("<p>Store <code>{}</code>; a hit is what the <b>{}</b> rule flags; lines are <b>{}</b> lines. Rates "
                   "are hits per million lines with a 95% exact Poisson interval.</p>\n",
                   esc(r.store), esc(r.rule), esc(r.loc));
  h += "<h2>Summary beside PEP 765's figures</h2>\n" +
       table_head("summary", {"", "this census", "PEP 765 top 8,000", "PEP 765 random"});
  h += fmt::format("<tr><td>packages</td><td class=\"n\" id=\"packages\">{}</td><td class=\"n\">{}</td><td class=\"n\">-</td></tr>\n",
                   num(r.packages), num(pep.top_packages));
  h += fmt::format("<tr><td>lines</td><td class=\"n\" id=\"lines\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   num(r.rate.lines), num(pep.top_rate.lines), num(pep.random_rate.lines));
  h += fmt::format("<tr><td>hits</td><td class=\"n\" id=\"hits-total\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   num(r.hits.unique), num(pep.top_rate.hits), num(pep.random_rate.hits));
  h += fmt::format("<tr><td>per million lines</td><td class=\"n\" id=\"rate\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                   rate(r.rate), rate(pep.top_rate), rate(pep.random_rate));
  const ByCategory &ours = r.hits.by_category, &theirs = pep.top_by_category;
  // In the study's words too; review apart, a category the study did not have.
  for (const auto& [c, n, m] : {std::tuple{Category::Test, ours.test, num(theirs.test)},
                                std::tuple{Category::Intentional, ours.intentional, num(theirs.intentional)},
                                std::tuple{Category::Bug, ours.bug, num(theirs.bug)},
                                std::tuple{Category::Review, ours.review, std::string("-")}})
    h += fmt::format("<tr><td>&nbsp;&nbsp;{} ({})</td><td class=\"n\" id=\"cat-{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">-</td></tr>\n",
                     category_name(c), c == Category::Review ? "apart: not in the study" : study_term(c),
                     category_name(c), num(n), m);
  h += "</tbody></table>\n";
  if (const std::string note = pep_lines_note(r); !note.empty()) h += "<p id=\"pep-lines\">" + esc(note) + "</p>\n";
  if (!r.selections.empty()) {
    h += "<h2>By selection</h2>\n" +
         table_head("selections", {"selection", "listed", "found", "counted", "lines", "hits", "per million lines"});
    for (const SelectionLine& x : selection_lines(r))
      h += table_row(x.kind ? " data-kind=\"" + esc(*x.kind) + "\"" : "",
                     {esc(x.label), x.listed, x.found, x.counted, x.lines, x.hits, rate(x.rate)});
    h += "</tbody></table>\n";
    for (const SelectionRow& x : r.selections) {
      if (x.left_out.empty()) continue;
      h += fmt::format("<details class=\"left-out\"><summary>Left out of {}: {}</summary><ul>\n", esc(x.label),
                       num(int64_t(x.left_out.size())));
      for (const LeftOut& o : x.left_out) h += fmt::format("<li>{}: {}</li>\n", esc(o.package), esc(o.reason));
      h += "</ul></details>\n";
    }
  }
  for (const PickComparison& c : r.pick_comparisons) {
    h += render_pick_comparison_html(c);
    h += rate_chart(fmt::format("pick-chart-{}", c.study.selection),
                    "Hits per million lines (cpython rule) under each pick, with 95% intervals",
                    {{"study's pick", c.study.rate.cpython}, {"latest pick", c.latest.rate.cpython},
                     {"PEP 765: top 8,000", r.pep765_study.top_rate}});
  }
  const LineCounts& lu = r.lines_unique;
  const LineCounts& lp = r.lines_per_artifact;
  h += fmt::format("<p>Lines, unique / per artifact: physical {} / {}; in files that parse {} / {}; the study's count "
                   "{} / {}. Files {} unique ({} per artifact); artifacts {} ({} partial, {} failed).</p>\n",
                   num(lu.physical), num(lp.physical), num(lu.parsed), num(lp.parsed), num(lu.study), num(lp.study),
                   num(r.files_unique), num(r.files_per_artifact), num(r.artifacts_total), num(r.artifacts_partial),
                   num(r.artifacts_failed));
  const HitTotals& hits = r.hits;
  h += fmt::format("<p>In test code {}, outside {}; in files that do not parse {}; triaged by a person {}.</p>\n",
                   num(hits.in_tests), num(hits.outside_tests), num(hits.in_erroneous_parse), num(hits.triaged_by_person));
  if (const std::string marked = marked_in_code_words(hits); !marked.empty())
    h += "<p id=\"marked-in-code\">Hits " + esc(marked) + ".</p>\n";

  const Provenance& p = r.provenance;
  h += "<h2>How this census was made</h2>\n<ul id=\"provenance\">";
  h += fmt::format("<li>{}, store <code>{}</code></li>", esc(p.tool), esc(p.store));
  const std::vector<std::string> items = provenance_items(p, kHtmlQuote);
  for (size_t i = 0; i < items.size(); i++) h += "<li>" + items[i] + (i + 1 < items.size() ? "</li>" : "</li></ul>\n");
  h += "<h2>Both rules, by rank band</h2>\n" + table_head("bands", {"", "packages", "lines", "cpython hits",
                                                                 "per million lines", "exits hits", "per million lines"});
  for (const BandLine& b : band_lines(r))
    h += table_row("", {esc(b.label), num(b.packages), num(b.rate.cpython.lines), num(b.rate.cpython.hits),
                        rate(b.rate.cpython), num(b.rate.exits.hits), rate(b.rate.exits)});
  h += "</tbody></table>\n";
  h += "<h2>Charts</h2>\n<div class=\"charts\">";
  h += bar_chart("category-chart", "Hits by category",
                 {{"test", ours.test}, {"intentional", ours.intentional}, {"bug", ours.bug}, {"review", ours.review}});
  h += bar_chart("statement-chart", "Hits by statement",
                 {{"return", hits.by_statement.returns}, {"break", hits.by_statement.breaks},
                  {"continue", hits.by_statement.continues}});
  std::vector<std::pair<std::string, int64_t>> per_package;
  for (const TopPackage& t : r.top_packages) per_package.push_back({t.package, t.hits});
  h += bar_chart("package-chart", "Hits per package (most first)", per_package);
  std::vector<std::pair<std::string, RateFigure>> rates{{"this census", r.rate}};
  if (r.selections.size() > 1)
    for (const SelectionRow& x : r.selections) rates.push_back({x.label, x.rate});
  rates.push_back({"PEP 765: top 8,000", pep.top_rate});
  rates.push_back({"PEP 765: random", pep.random_rate});
  h += rate_chart("rate-chart", "Hits per million lines, with 95% intervals", rates);
  if (!r.by_rank_band.empty()) {
    std::vector<std::pair<std::string, RateFigure>> bands;
    for (const RankBandRow& b : r.by_rank_band) bands.push_back({b.band, r.rule == "exits" ? b.rate.exits : b.rate.cpython});
    h += rate_chart("band-chart", "By rank band: hits per million lines, 95% intervals", bands);
  }
  if (!r.by_pattern_rate.empty()) {
    std::vector<std::pair<std::string, RateFigure>> patterns(r.by_pattern_rate.begin(), r.by_pattern_rate.end());
    h += rate_chart("pattern-chart", "By pattern: hits per million lines, 95% intervals", patterns);
  }
  h += "</div>\n";

  h += "<h2>Hits</h2>\n<div id=\"filters\"><input id=\"filter-text\" type=\"search\" placeholder=\"filter: package, path, "
       "reason...\"> <select id=\"filter-category\"><option value=\"\">every category</option><option>bug</option>"
       "<option>intentional</option><option>test</option><option>review</option></select> <span id=\"shown\"></span></div>\n";
  h += "<table id=\"hits\"><thead><tr><th>category</th><th>package</th><th>where</th><th>statement</th><th>pattern</th>"
       "<th>reason</th><th>evidence</th><th>snippet</th></tr></thead><tbody>\n";
  for (const ReportHit& x : r.hit_list) {
    std::string where = fmt::format("{}:{}", esc(x.path), x.line);
    // Links only to http(s), never javascript: and the like: the released file at the line
    // where it came from PyPI, and the repository.
    if (x.released_file && is_http_url(*x.released_file))
      where += fmt::format(" <a href=\"{}\">released file</a>", esc(*x.released_file));
    if (x.repository_url && is_http_url(*x.repository_url))
      where += fmt::format(" <a href=\"{}\">repository</a>", esc(*x.repository_url));
    h += fmt::format(
        "<tr data-category=\"{}\"><td class=\"cat-{}\">{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td><details><summary>lines {}-{}</summary><pre>{}</pre></details></td></tr>\n",
        esc(x.category), esc(x.category), esc(x.category), esc(x.package), esc(x.version.value_or("")), where,
        esc(x.statement), esc(x.pattern.value_or("")), esc(x.reason), esc(x.evidence), x.try_line, x.line, esc(x.snippet));
  }
  h += "</tbody></table>\n";
  h += fmt::format("<h2>Files that could not be parsed: {} ({} lines)</h2>\n<ul>", num(r.unparsed_files),
                   num(r.unparsed_lines));
  for (const UnparsedExample& f : r.unparsed_examples)
    h += fmt::format("<li>{}: <code>{}</code> ({} lines)</li>", esc(f.artifact), esc(f.path), num(f.lines));
  h += "</ul>\n";
  if (!r.not_counted.empty()) {
    h += "<h2>What was not analyzed in full</h2>\n<ul id=\"not-counted\">";
    for (const NotCountedRow& n : r.not_counted) {
      h += fmt::format("<li data-reason=\"{}\"><b>{}</b>: {} ({})", esc(n.reason), esc(n.reason), num(n.count),
                       esc(n.meaning));
      for (const std::string& e : n.examples) h += fmt::format("<br><code>{}</code>", esc(e));
      h += "</li>";
    }
    h += "</ul>\n";
  }
  h += "<script>";
  h += kScript;
  h += "</script>\n</body></html>\n";
  return h;
}

}  // namespace pep765
