#include "fetch/plan.h"

#include <fmt/format.h>

#include <map>

#include "common/printable.h"

namespace pep765 {

namespace {

// Files and bytes of one fate and kind; `undeclared` files add nothing to `bytes`.
struct Tally {
  size_t files = 0, undeclared = 0;
  uint64_t bytes = 0;
  void add(const PlannedFile& f) {
    files++;
    if (f.size) bytes += *f.size;
    else undeclared++;
  }
};

struct KindTotals {
  Tally download, on_disk, skipped, refused;
  Tally by_ranges;  // of those to download, the wheels read by ranges
};

// Per kind (sdist, wheel) and "all", in that order.
std::vector<std::pair<std::string, KindTotals>> totals_of(const FetchPlan& plan) {
  std::vector<std::pair<std::string, KindTotals>> out = {{"sdist", {}}, {"wheel", {}}, {"all", {}}};
  for (const PlannedFile& f : plan.files) {
    for (auto& [kind, t] : out) {
      if (kind != f.kind && kind != "all") continue;
      switch (f.fate) {
        case PlannedFate::Download:
          t.download.add(f);
          if (f.by_ranges) t.by_ranges.add(f);
          break;
        case PlannedFate::OnDisk: t.on_disk.add(f); break;
        case PlannedFate::OverMaxSize:
        case PlannedFate::OverMaxTotal: t.skipped.add(f); break;
        case PlannedFate::Refused: t.refused.add(f); break;
      }
    }
  }
  return out;
}

// 1234567 -> "1,234,567": the exact count, readable.
std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string human(uint64_t bytes) {
  if (bytes >= 1'000'000'000) return fmt::format("{:.2f} GB", bytes / 1e9);
  if (bytes >= 1'000'000) return fmt::format("{:.1f} MB", bytes / 1e6);
  return fmt::format("{:.1f} kB", bytes / 1e3);
}

std::string size_text(const std::optional<uint64_t>& size) { return size ? grouped(*size) : "?"; }

std::string tally_text(const Tally& t) {
  std::string s = fmt::format("{} file{}, {} bytes ({})", t.files, t.files == 1 ? "" : "s", grouped(t.bytes),
                              human(t.bytes));
  if (t.undeclared) s += fmt::format(" + {} of undeclared size", t.undeclared);
  return s;
}

nlohmann::json tally_json(const Tally& t) {
  return {{"files", t.files}, {"bytes", t.bytes}, {"undeclared_size", t.undeclared}};
}

}  // namespace

const char* planned_fate_name(PlannedFate fate) {
  switch (fate) {
    case PlannedFate::Download: return "download";
    case PlannedFate::OnDisk: return "on_disk";
    case PlannedFate::OverMaxSize: return "over_max_size";
    case PlannedFate::OverMaxTotal: return "over_max_total";
    case PlannedFate::Refused: return "refused";
  }
  return "download";
}

uint64_t FetchPlan::download_bytes() const {
  uint64_t bytes = 0;
  for (const PlannedFile& f : files)
    if (f.fate == PlannedFate::Download && f.size) bytes += *f.size;
  return bytes;
}

std::string plan_text(const FetchPlan& plan) {
  std::string out = plan.as_of.empty() ? "Plan: what fetch would download (nothing was)\n"
                                       : fmt::format("Plan as of {}: what fetch would download (nothing was)\n",
                                                     plan.as_of);
  if (!plan.files.empty()) {
    out += fmt::format("\n{:>6}  {:<14} {:<5} {:>15}  {:<6}  {}\n", "rank", "fate", "kind", "bytes", "read",
                       "file (project version)");
    for (const PlannedFile& f : plan.files) {
      out += fmt::format("{:>6}  {:<14} {:<5} {:>15}  {:<6}  {} ({} {}){}\n", f.rank, planned_fate_name(f.fate), f.kind,
                         size_text(f.size), f.fate != PlannedFate::Download ? "-" : f.by_ranges ? "ranges" : "whole",
                         printable(f.filename), printable(f.project), printable(f.version),
                         f.reason.empty() ? "" : ": " + printable(f.reason));
    }
  }
  out += "\n";
  const auto totals = totals_of(plan);
  for (const auto& [kind, t] : totals) {
    const char* label = kind == "sdist" ? "sdists" : kind == "wheel" ? "wheels" : "in all";
    out += fmt::format("{:<7} to download: {}", label, tally_text(t.download));
    if (t.by_ranges.files)
      out += fmt::format(" ({} of {} declared by ranges: only their .py members read, known once each directory is)",
                         t.by_ranges.files == 1 ? "1 wheel" : fmt::format("{} wheels", t.by_ranges.files),
                         human(t.by_ranges.bytes));
    if (t.on_disk.files) out += fmt::format("; on disk, verified (kept): {}", tally_text(t.on_disk));
    if (t.skipped.files) out += fmt::format("; skipped: {}", tally_text(t.skipped));
    if (t.refused.files) out += fmt::format("; refused: {} files", t.refused.files);
    out += "\n";
  }
  const KindTotals& all = totals.back().second;
  if (all.download.undeclared)
    out += fmt::format("The index declares no size for {} of the files to download: the total is a lower bound.\n",
                       all.download.undeclared);
  if (plan.max_total) {
    size_t over_cap = 0;
    for (const PlannedFile& f : plan.files) over_cap += f.fate == PlannedFate::OverMaxTotal;
    out += fmt::format("--max-total {} bytes: {} file{} past the cap would be skipped (projects in list order, "
                       "sdist before wheel).\n",
                       grouped(plan.max_total), over_cap, over_cap == 1 ? "" : "s");
  }
  if (!plan.unplanned.empty()) {
    out += fmt::format("{} project{} without a usable release or page:\n", plan.unplanned.size(),
                       plan.unplanned.size() == 1 ? "" : "s");
    for (const UnplannedProject& p : plan.unplanned)
      out += fmt::format("  {}: {}{}\n", printable(p.project), p.status, p.reason.empty() ? "" : ": " + printable(p.reason));
  }
  return out;
}

nlohmann::json plan_json(const FetchPlan& plan) {
  nlohmann::json files = nlohmann::json::array();
  for (const PlannedFile& f : plan.files)
    files.push_back({{"project", f.project},
                     {"rank", f.rank},
                     {"version", f.version},
                     {"kind", f.kind},
                     {"filename", f.filename},
                     {"url", f.url},
                     {"size", f.size ? nlohmann::json(*f.size) : nlohmann::json(nullptr)},
                     {"fate", planned_fate_name(f.fate)},
                     {"read", f.fate != PlannedFate::Download ? nlohmann::json(nullptr)
                              : nlohmann::json(f.by_ranges ? "ranges" : "whole")},
                     {"reason", f.reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.reason)}});
  nlohmann::json totals = nlohmann::json::object();
  bool lower_bound = false;
  for (const auto& [kind, t] : totals_of(plan)) {
    totals[kind] = {{"download", tally_json(t.download)},
                    {"by_ranges", tally_json(t.by_ranges)},
                    {"on_disk", tally_json(t.on_disk)},
                    {"skipped", tally_json(t.skipped)},
                    {"refused", tally_json(t.refused)}};
    if (kind == "all") lower_bound = t.download.undeclared > 0;
  }
  nlohmann::json unplanned = nlohmann::json::array();
  for (const UnplannedProject& p : plan.unplanned)
    unplanned.push_back({{"project", p.project}, {"status", p.status}, {"reason", p.reason}});
  return {{"as_of", plan.as_of.empty() ? nlohmann::json(nullptr) : nlohmann::json(plan.as_of)},
          {"max_total", plan.max_total ? nlohmann::json(plan.max_total) : nlohmann::json(nullptr)},
          {"files", std::move(files)},
          {"totals", std::move(totals)},
          {"download_bytes_lower_bound", lower_bound},
          {"unplanned", std::move(unplanned)}};
}

}  // namespace pep765
