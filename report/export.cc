#include "report/export.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <fstream>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "common/printable.h"
#include "common/timings.h"
#include "report/drafts.h"
#include "report/hits.h"
#include "sql/census.h"
#include "sql/hit_rows.h"

namespace pep765 {

const std::vector<std::string> kExportColumns = {
    "package", "version", "rank", "artifact", "path", "line", "column", "statement", "rule_cpython", "rule_exits",
    "noqa", "category", "pattern", "reason", "evidence", "repository_url", "snippet", "issue_title", "issue_body"};

namespace {

bool wanted(const HitRecord& h, Rule rule) { return rule == Rule::Any || (rule == Rule::Cpython ? h.cpython : h.exits); }

struct Output {
  explicit Output(const std::string& path) : path_(path) {
    if (!path.empty()) {
      file_.open(path, std::ios::binary);
      if (!file_) throw std::runtime_error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
    }
  }
  void write(const std::string& s) {
    if (path_.empty()) std::fwrite(s.data(), 1, s.size(), stdout);
    else file_ << s;
  }

 private:
  std::string path_;
  std::ofstream file_;
};

// A file name for a package's draft: the name's safe characters only (names come from the
// index), never a path, never hidden, distinct from the names taken before.
std::string draft_file_name(const std::string& package, std::set<std::string>& taken) {
  std::string base;
  for (char c : package.substr(0, 100))
    base += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  if (base.empty() || base[0] == '.') base = "_" + base;
  std::string name = base + ".md";
  for (int n = 2; !taken.insert(name).second; n++) name = fmt::format("{}-{}.md", base, n);
  return name;
}

// One draft per package: markdown files in a directory, or CSV / JSON lines.
void export_drafts(const ExportOptions& o, const std::vector<const HitRecord*>& hits) {
  const std::vector<Draft> drafts = drafts_by_package(hits);
  if (o.format == ExportFormat::Markdown) {
    if (o.out.empty()) throw std::runtime_error("--per package --format markdown writes a file per package: give --out DIR");
    std::error_code ec;
    std::filesystem::create_directories(o.out, ec);
    if (ec) throw std::runtime_error(fmt::format("{}: cannot make the directory: {}", o.out, ec.message()));
    std::set<std::string> taken;
    for (const Draft& d : drafts) {
      Output file((std::filesystem::path(o.out) / draft_file_name(d.package, taken)).string());
      file.write(fmt::format("<!-- pep765 draft for {} {}: {} -->\n# {}\n\n{}\n", printable(d.package),
                             printable(d.version),
                             d.file_at.empty() ? "no repository or home page is known"
                                               : "file it at " + printable(d.file_at),
                             d.title, d.body));
    }
    size_t distinct = 0;
    for (const Draft& d : drafts) distinct += d.hits.size();
    fmt::print(stderr, "pep765: {} {} ({} distinct {}) -> {}\n", drafts.size(), drafts.size() == 1 ? "draft" : "drafts",
               distinct, distinct == 1 ? "hit" : "hits", o.out);
    return;
  }
  Output out(o.out);
  const std::vector<std::string> columns = {"package", "version", "hits", "file_at", "issue_title", "issue_body"};
  if (o.format == ExportFormat::Csv) out.write(csv_record(columns));
  for (const Draft& d : drafts) {
    if (o.format == ExportFormat::Csv) {
      out.write(csv_record({d.package, d.version, std::to_string(d.hits.size()), d.file_at, d.title, d.body}));
      continue;
    }
    nlohmann::ordered_json j = {{"package", d.package}, {"version", d.version}, {"hits", d.hits.size()},
                                {"file_at", d.file_at}, {"issue_title", d.title}, {"issue_body", d.body}};
    nlohmann::ordered_json where = nlohmann::ordered_json::array();
    for (const HitRecord* h : d.hits)
      where.push_back({{"path", h->package_path}, {"line", h->line}, {"statement", h->statement},
                       {"function", h->scope}, {"category", category_name(h->triage.category)},
                       {"evidence", h->triage.evidence},
                       {"link", inspector_link(*h)}});
    j["places"] = where;
    out.write(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }
}

}  // namespace

// A cell a spreadsheet would take for a formula (=, +, -, @, or a tab or carriage return
// first) gets a leading apostrophe, as OWASP recommends against CSV injection; triage import
// takes it off again.
bool formula_like(std::string_view f) { return !f.empty() && std::string_view("=+-@\t\r").find(f[0]) != std::string_view::npos; }

std::string restore_cell(std::string f) {
  if (f.size() > 1 && f[0] == '\'' && formula_like(std::string_view(f).substr(1))) f.erase(0, 1);
  return f;
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); i++) {
    if (i) out += ',';
    const std::string f = formula_like(fields[i]) ? "'" + fields[i] : fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out + "\r\n";
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); i++) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') line++;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (field_started && !field.empty())
        throw std::runtime_error(fmt::format("line {}: a quote inside an unquoted field", line));
      quoted = field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') i++;
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(record.size() == 1 && record[0].empty())) records.push_back(std::move(record));
      record.clear();
      line++;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) throw std::runtime_error(fmt::format("line {}: a quoted field is not closed", line));
  if (field_started || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

void export_hits(const ExportOptions& o) {
  ScopedTimer t("export");
  if (o.format == ExportFormat::Markdown && o.per != ExportPer::Package)
    throw std::runtime_error("--format takes csv or jsonl (and markdown with --per package)");
  Census census(o.db_path);
  const std::vector<HitRecord> records = load_hit_records(census);
  std::vector<const HitRecord*> chosen;
  for (const HitRecord& h : records) {
    const std::optional<Category> category = !o.category && o.per == ExportPer::Package ? Category::Bug : o.category;
    if (wanted(h, o.rule) && (!category || h.triage.category == *category)) chosen.push_back(&h);
  }
  if (o.per == ExportPer::Package) return export_drafts(o, chosen);
  Output out(o.out);
  if (o.format == ExportFormat::Csv) out.write(csv_record(kExportColumns));
  for (const HitRecord* hit : chosen) {
    const HitRecord& h = *hit;
    const Draft draft = draft_for({hit});
    std::vector<std::string> row = {h.package, h.version, h.rank ? std::to_string(h.rank) : "", h.artifact, h.path,
                                    std::to_string(h.line), std::to_string(h.column), h.statement,
                                    std::to_string(int(h.cpython)), std::to_string(int(h.exits)), h.noqa.value_or(""),
                                    category_name(h.triage.category),
                                    pattern_name(h.triage.pattern), h.triage.reason, h.triage.evidence, h.repository_url, h.snippet(),
                                    draft.title, draft.body};
    if (o.format == ExportFormat::Csv) {
      out.write(csv_record(row));
    } else {
      nlohmann::ordered_json j;
      for (size_t i = 0; i < kExportColumns.size(); i++) j[kExportColumns[i]] = row[i];
      j["rank"] = h.rank ? nlohmann::ordered_json(h.rank) : nlohmann::ordered_json(nullptr);
      j["line"] = h.line;
      j["column"] = h.column;
      j["rule_cpython"] = h.cpython;
      j["rule_exits"] = h.exits;
      j["noqa"] = h.noqa ? nlohmann::ordered_json(*h.noqa) : nlohmann::ordered_json(nullptr);  // null: not read
      out.write(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    }
  }
}

void export_triage(const std::string& db_path, const std::string& out_path) {
  Census census(db_path);
  Output out(out_path);
  // program_category: the program's own verdict, so import can tell a person's edit from the
  // program's word whatever the state of the store it goes into.
  out.write(csv_record({"package", "version", "path", "line", "statement", "source", "occurrence", "category",
                        "program_category", "pattern", "reason", "evidence", "note"}));
  std::set<HitKey> seen;
  for (const HitRecord& h : load_hit_records(census)) {
    // One row per hit as a person sees it: the sdist's and the wheel's copy are one.
    if (!seen.insert(h.key()).second) continue;
    out.write(csv_record({h.package, h.version, h.package_path, std::to_string(h.line), h.statement, h.line_source,
                          std::to_string(h.occurrence), category_name(h.triage.category),
                          category_name(h.program_category), pattern_name(h.triage.pattern),
                          h.triage.reason, h.triage.evidence, h.note}));
  }
}

TriageImport import_triage(const std::string& db_path, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file));
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<std::vector<std::string>> records;
  try {
    records = parse_csv(ss.str());
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", file, e.what()));
  }
  if (records.empty()) throw std::runtime_error(fmt::format("{}: empty file", file));
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < records[0].size(); i++) col[records[0][i]] = i;
  for (const char* need : {"package", "path", "statement", "source", "category"})
    if (!col.count(need)) throw std::runtime_error(fmt::format("{}: no '{}' column in the header", file, need));
  { Census exists(db_path); }  // a person's triage goes into a census, never a new empty store
  Census census(db_path, OpenMode::Write);
  // What the program says of each hit, and what a person said before.
  std::map<HitKey, std::pair<std::string, bool>> known;
  for (const HitRecord& h : load_hit_records(census))
    known[h.key()] = {category_name(h.program_category), h.triaged_by_person};
  std::set<HitKey> people;
  for (const TriageRow& t : triage_rows(census)) people.insert({t.package, t.path, t.statement, t.source, int(t.occurrence)});
  // Every record is checked before any is written: a malformed file takes nothing.
  std::vector<TriageRow> decisions;
  TriageImport result;
  for (size_t r = 1; r < records.size(); r++) {
    const auto& rec = records[r];
    auto get = [&](const char* name) -> std::string {
      auto it = col.find(name);
      return it != col.end() && it->second < rec.size() ? restore_cell(rec[it->second]) : std::string();
    };
    const std::string category = get("category");
    if (!category_from_name(category))
      throw std::runtime_error(
          fmt::format("{}: record {}: category '{}' is not test, intentional, bug or review", file, r + 1, category));
    int occurrence = 0;
    if (const std::string o = get("occurrence"); !o.empty()) {
      auto [end, ec] = std::from_chars(o.data(), o.data() + o.size(), occurrence);
      if (ec != std::errc() || end != o.data() + o.size() || occurrence < 0)
        throw std::runtime_error(fmt::format("{}: record {}: occurrence '{}' is not a whole number", file, r + 1, o));
    }
    const HitKey key{get("package"), get("path"), get("statement"), get("source"), occurrence};
    // The program's verdict: the row's own (export writes it), else the store's. A row that
    // keeps it, with no note, where no person decided before, is not a decision.
    std::string program = get("program_category");
    auto it = known.find(key);
    if (program.empty() && it != known.end()) program = it->second.first;
    if (category == program && get("note").empty() && !people.count(key)) {
      result.unchanged++;
      continue;
    }
    decisions.push_back({key.package, key.path, key.statement, key.source, key.occurrence, category, get("note")});
    result.taken++;
  }
  store_triage(census, decisions);
  return result;
}

std::optional<ExportFormat> parse_export_format(std::string_view text) {
  if (text == "csv") return ExportFormat::Csv;
  if (text == "jsonl") return ExportFormat::Jsonl;
  if (text == "markdown") return ExportFormat::Markdown;
  return std::nullopt;
}

std::optional<ExportPer> parse_export_per(std::string_view text) {
  if (text == "hit") return ExportPer::Hit;
  if (text == "package") return ExportPer::Package;
  return std::nullopt;
}

std::optional<CompareFormat> parse_compare_format(std::string_view text) {
  if (text == "text") return CompareFormat::Text;
  if (text == "json") return CompareFormat::Json;
  return std::nullopt;
}

void compare_stores(const std::string& old_db, const std::string& new_db, Rule rule, CompareFormat format,
                    std::FILE* out) {
  using Match = std::tuple<std::string, std::string, std::string>;  // path, statement, source line
  struct Side {
    std::string version;
    std::multimap<Match, int> hits;  // -> the line it is on
  };
  auto load = [&](const std::string& path) {
    Census census(path);
    std::map<std::string, Side> packages;
    std::set<std::string> seen;
    // Every analyzed package, even one without hits (its hits may all have been fixed).
    for (const CountedArtifact& a : counted_artifacts(census)) packages[a.project].version = a.release;
    for (const HitRecord& h : load_hit_records(census)) {
      if (!wanted(h, rule)) continue;
      // Count each hit once per package, not once per artifact holding it.
      if (!seen.insert(h.package + "\n" + h.package_path + "\n" + h.statement + "\n" + h.line_source + "\n" +
                       std::to_string(h.line)).second)
        continue;
      packages[h.package].hits.insert({{h.package_path, h.statement, h.line_source}, h.line});
    }
    return packages;
  };
  const auto older = load(old_db), newer = load(new_db);
  std::set<std::string> names;
  for (auto& [n, s] : older) names.insert(n);
  for (auto& [n, s] : newer) names.insert(n);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  int64_t fixed_total = 0, new_total = 0, same_total = 0, only_old = 0, only_new = 0;
  for (const std::string& name : names) {
    auto o = older.find(name), n = newer.find(name);
    if (o == older.end()) { only_new++; }
    if (n == newer.end()) { only_old++; }
    if (o == older.end() || n == newer.end()) continue;
    int64_t fixed = 0, added = 0, same = 0;
    auto remaining = n->second.hits;
    nlohmann::ordered_json fixed_hits = nlohmann::ordered_json::array(), new_hits = nlohmann::ordered_json::array();
    auto place = [](const Match& m, int line) {
      return nlohmann::ordered_json{{"path", std::get<0>(m)}, {"line", line}, {"statement", std::get<1>(m)},
                                    {"source", std::get<2>(m)}};
    };
    for (const auto& [match, line] : o->second.hits) {
      if (auto it = remaining.find(match); it != remaining.end()) {
        same++;
        remaining.erase(it);
      } else {
        fixed++;
        fixed_hits.push_back(place(match, line));
      }
    }
    added = int64_t(remaining.size());
    for (const auto& [match, line] : remaining) new_hits.push_back(place(match, line));
    if (!fixed && !added && !same) continue;
    fixed_total += fixed;
    new_total += added;
    same_total += same;
    rows.push_back({{"package", name}, {"old_version", o->second.version}, {"new_version", n->second.version},
                    {"fixed", fixed}, {"new", added}, {"unchanged", same}, {"fixed_hits", fixed_hits},
                    {"new_hits", new_hits}});
  }
  if (format == CompareFormat::Json) {
    nlohmann::ordered_json j = {{"old", old_db}, {"new", new_db}, {"rule", rule_name(rule)}, {"packages", rows},
                                {"totals", {{"fixed", fixed_total}, {"new", new_total}, {"unchanged", same_total},
                                            {"packages_only_in_old", only_old}, {"packages_only_in_new", only_new}}}};
    fmt::print(out, "{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  fmt::print(out, "{:<32} {:<14} {:<14} {:>6} {:>6} {:>10}\n", "package", "old version", "new version", "fixed", "new",
             "unchanged");
  for (const auto& r : rows) {
    fmt::print(out, "{:<32} {:<14} {:<14} {:>6} {:>6} {:>10}\n", printable(r["package"].get<std::string>()),
               printable(r["old_version"].get<std::string>()), printable(r["new_version"].get<std::string>()),
               r["fixed"].get<int64_t>(), r["new"].get<int64_t>(), r["unchanged"].get<int64_t>());
    // Each fixed hit at its line in the old release, each new one at its line in the new.
    for (const char* which : {"fixed", "new"})
      for (const auto& h : r[std::string(which) + "_hits"])
        fmt::print(out, "    {:<5} {}:{}: {}  {}\n", which, printable(h["path"].get<std::string>()), h["line"].get<int>(),
                   h["statement"].get<std::string>(), printable(h["source"].get<std::string>()));
  }
  fmt::print(out, "totals: {} fixed, {} new, {} unchanged; {} packages only in the old store, {} only in the new\n",
             fixed_total, new_total, same_total, only_old, only_new);
}

}  // namespace pep765
