// hits, summary, report, export, trend, compare, triage: the commands that read the store.
// They open it read-only and never create one.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>

#include "cli/commands.h"
#include "cli/options.h"
#include "common/error.h"
#include "report/export.h"
#include "report/readout.h"
#include "report/report.h"
#include "report/trend.h"
#include "sql/db.h"

namespace pep765::cli {

namespace {

const std::vector<std::pair<std::string, ReportFormat>> kReportFormats = {
    {"text", ReportFormat::Text}, {"markdown", ReportFormat::Markdown}, {"json", ReportFormat::Json},
    {"html", ReportFormat::Html}};
const std::vector<std::pair<std::string, ExportFormat>> kExportFormats = {
    {"csv", ExportFormat::Csv}, {"jsonl", ExportFormat::Jsonl}, {"markdown", ExportFormat::Markdown}};
const std::vector<std::pair<std::string, ExportPer>> kExportPers = {{"hit", ExportPer::Hit},
                                                                     {"package", ExportPer::Package}};
const std::vector<std::pair<std::string, CompareFormat>> kCompareFormats = {{"text", CompareFormat::Text},
                                                                            {"json", CompareFormat::Json}};

// report and trend share one Rendering (store, format, output, lines); a report's options are
// made from it.
ReportOptions report_options(const ReadOptions& read) {
  const Rendering& o = read.report.rendering;
  ReportOptions out;
  out.db_path = o.db;
  out.format = o.format;
  out.out = o.out;
  out.rule = read.report.rule;
  out.loc = o.loc;
  return out;
}

std::string pretty_json(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

Outcome print_summary(const ReadOptions& read) {
  const auto& o = read.summary;
  const nlohmann::json s = summary(o.db);
  if (o.json) {
    fmt::print("{}\n", pretty_json(s));
  } else {
    fmt::print("{}: {} artifacts, {} files ({} distinct), {} lines ({} distinct); hits (distinct): cpython {}, "
               "exits {}\n",
               o.db, s["archives"].get<int64_t>(), s["files"].get<int64_t>(), s["unique_files"].get<int64_t>(),
               s["lines"].get<int64_t>(), s["unique_lines"].get<int64_t>(), s["unique_hits"]["cpython"].get<int64_t>(),
               s["unique_hits"]["exits"].get<int64_t>());
    for (const auto& x : s["selections"])
      fmt::print("{}: selection {}: {} {}{}, {} pick: {} artifacts, {} lines, {} hits (cpython)\n", o.db,
                 x["id"].get<int64_t>(), x["kind"].get<std::string>(), x["size"].get<int64_t>(),
                 x["as_of"].get<std::string>().empty() ? "" : ", as of " + x["as_of"].get<std::string>(),
                 x["pick"].get<std::string>(), x["artifacts"].get<int64_t>(), x["lines"].get<int64_t>(),
                 x["hits"].get<int64_t>());
    if (const std::string cost = read_cost_line(s); !cost.empty()) fmt::print("{}: {}\n", o.db, cost);
    // Only when something was read but not analyzed in full: each reason with its count.
    std::string not_counted;
    for (const auto& n : s["not_counted"])
      not_counted += fmt::format("{}{} {}", not_counted.empty() ? "" : ", ", n["reason"].get<std::string>(),
                                 n["count"].get<int64_t>());
    if (!not_counted.empty()) fmt::print("{}: not analyzed in full: {} (summary --format json names them)\n", o.db, not_counted);
  }
  return Outcome::Done;
}

Outcome write_trend(const ReadOptions& read) {
  const auto& o = read.trend;
  const Trend t = build_trend(o.db, o.loc);
  if (!o.out.empty() && names_store_file(o.db, o.out))
    throw CLI::ValidationError("--out", o.out + " is the store " + o.db + ": name another file");
  // HTML escapes what it shows; text and markdown show outside text printable.
  const std::string text = o.format == ReportFormat::Json       ? pretty_json(to_json(t)) + "\n"
                           : o.format == ReportFormat::Html     ? render_trend_html(t)
                           : o.format == ReportFormat::Markdown ? render_trend_markdown(printable_copy(t))
                                                                : render_trend_text(printable_copy(t));
  std::FILE* sink = o.out.empty() ? stdout : std::fopen(o.out.c_str(), "wb");
  if (!sink) throw Error::from_errno(o.out, "cannot write", errno);
  std::fwrite(text.data(), 1, text.size(), sink);
  if (sink != stdout && std::fclose(sink) != 0) throw Error::from_errno(o.out, "cannot write", errno);
  return Outcome::Done;
}

void add_store_option(CLI::App* cmd, std::string& db) { cmd->add_option("--db", db, "The store")->capture_default_str(); }

void add_triage(CLI::App& app, ReadOptions& read, std::vector<Command>& commands) {
  auto& o = read.triage;
  CLI::App* triage = app.add_subcommand("triage", "A person's triage: export the hits to CSV, import corrections");
  triage->require_subcommand(1);
  CLI::App* out = triage->add_subcommand("export", "Write every hit with its category as CSV");
  add_store_option(out, o.db);
  out->add_option("-o,--out", o.file, "Write here instead of standard output");
  CLI::App* in = triage->add_subcommand("import", "Take a person's categories and notes from CSV");
  add_store_option(in, o.db);
  in->add_option("FILE", o.file, "CSV as triage export writes it")->required();
  commands.push_back({out, [&o] {
                        if (!o.file.empty() && names_store_file(o.db, o.file))
                          throw CLI::ValidationError("--out", o.file + " is the store " + o.db + ": name another file");
                        export_triage(o.db, o.file);
                        return Outcome::Done;
                      }});
  commands.push_back({in, [&o] {
                        TriageImport n = import_triage(o.db, o.file);
                        fmt::print(stderr, "pep765: took {} triaged hits from {} into {} ({} left as the program had them)\n",
                                   n.taken, o.file, o.db, n.unchanged);
                        return Outcome::Done;
                      }});
}

}  // namespace

void add_read_commands(CLI::App& app, ReadOptions& o, std::vector<Command>& commands) {
  CLI::App* hits = app.add_subcommand("hits", "Print every hit as TSV, one row per hit per artifact");
  add_store_option(hits, o.hits.db);
  add_choice(hits, "--rule", o.hits.rule, rule_choices({Rule::Cpython, Rule::Exits, Rule::Any}),
             "Which hits: cpython, exits or any");
  commands.push_back({hits, [&o] {
                        print_hits(o.hits.db, o.hits.rule, stdout);
                        return Outcome::Done;
                      }});

  CLI::App* summary_cmd = app.add_subcommand("summary", "Print the totals (--format json: every figure, as JSON)");
  add_store_option(summary_cmd, o.summary.db);
  add_choice(summary_cmd, "--format", o.summary.json, std::vector<std::pair<std::string, bool>>{{"text", false}, {"json", true}},
             "text, or json (every figure)");
  summary_cmd->add_flag("--json", o.summary.json, "")->group("");  // the first spelling: --format json
  commands.push_back({summary_cmd, [&o] { return print_summary(o); }});

  CLI::App* report = app.add_subcommand("report", "The census beside PEP 765's figures, hits by category, charts");
  Rendering& rendering = o.report.rendering;
  add_store_option(report, rendering.db);
  add_choice(report, "--format", rendering.format, kReportFormats, "text, markdown, json or html");
  report->add_option("-o,--out", rendering.out, "Write here instead of standard output");
  add_choice(report, "--rule", o.report.rule, rule_choices({Rule::Cpython, Rule::Exits}),
             "Which rule makes a hit: cpython or exits");
  add_choice(report, "--loc", rendering.loc, line_definition_choices(), "Lines for the rate: physical, parsed or study");
  commands.push_back({report, [&o] {
                        write_report(report_options(o));
                        return Outcome::Done;
                      },
                      &rendering.db, &rendering.out});

  CLI::App* exporting = app.add_subcommand("export", "One row per hit, with a drafted issue, as CSV or JSON lines");
  add_store_option(exporting, o.exporting.db_path);
  add_choice(exporting, "--format", o.exporting.format, kExportFormats,
             "csv or jsonl; with --per package also markdown (a file each)");
  add_choice(exporting, "--per", o.exporting.per, kExportPers,
             "hit: a row per hit; package: one drafted issue per package, its distinct hits together "
             "(category bug unless --category)");
  add_choice(exporting, "--rule", o.exporting.rule, rule_choices({Rule::Cpython, Rule::Exits, Rule::Any}),
             "Which hits: cpython, exits or any");
  exporting->add_option_function<std::string>(
               "--category", [&o](const std::string& name) { o.exporting.category = category_from_name(name); },
               "Only this category: test, intentional, bug or review")
      ->check(CLI::IsMember({"test", "intentional", "bug", "review"}));
  exporting->add_option("-o,--out", o.exporting.out, "Write here instead of standard output (a directory for markdown)");
  commands.push_back({exporting, [&o] {
                        export_hits(o.exporting);
                        return Outcome::Done;
                      },
                      &o.exporting.db_path, &o.exporting.out});

  CLI::App* trend = app.add_subcommand("trend", "The census over time: per snapshot (--as-of date) and each hit's life");
  add_store_option(trend, o.trend.db);
  add_choice(trend, "--format", o.trend.format, kReportFormats, "text, markdown, json or html");
  trend->add_option("-o,--out", o.trend.out, "Write here instead of standard output");
  add_choice(trend, "--loc", o.trend.loc, line_definition_choices(), "Lines for the rate: physical, parsed or study");
  commands.push_back({trend, [&o] { return write_trend(o); }});

  CLI::App* compare = app.add_subcommand("compare", "Per package: hits fixed, new and unchanged between two stores");
  compare->add_option("OLD", o.compare.old_db, "The older store")->required();
  compare->add_option("NEW", o.compare.new_db, "The newer store")->required();
  add_choice(compare, "--format", o.compare.format, kCompareFormats, "text or json");
  add_choice(compare, "--rule", o.compare.rule, rule_choices({Rule::Cpython, Rule::Exits, Rule::Any}),
             "Which hits: cpython, exits or any");
  commands.push_back({compare, [&o] {
                        compare_stores(o.compare.old_db, o.compare.new_db, o.compare.rule, o.compare.format, stdout);
                        return Outcome::Done;
                      }});

  add_triage(app, o, commands);
}

}  // namespace pep765::cli
