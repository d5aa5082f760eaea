// `fetch --plan`'s record rendered: totals per kind and fate, sizes the index does not declare,
// and names from the index printed escaped.
#include <gtest/gtest.h>

#include "fetch/plan.h"

using namespace pep765;

namespace {

PlannedFile file(const char* project, const char* kind, std::optional<uint64_t> size, PlannedFate fate) {
  return {project, 1, "1.0", kind, std::string(project) + (std::string(kind) == "sdist" ? ".tar.gz" : ".whl"),
          "http://127.0.0.1/f", size, fate, ""};
}

FetchPlan sample_plan() {
  FetchPlan plan;
  plan.max_total = 5000;
  plan.files = {file("a", "sdist", 1000, PlannedFate::Download), file("a", "wheel", 2000, PlannedFate::Download),
                file("b", "sdist", std::nullopt, PlannedFate::Download), file("b", "wheel", 300, PlannedFate::OnDisk),
                file("c", "sdist", 9000, PlannedFate::OverMaxTotal), file("c", "wheel", 70, PlannedFate::OverMaxSize),
                file("d", "sdist", 5, PlannedFate::Refused)};
  plan.unplanned = {{"gone", "not_found", "HTTP 404"}};
  return plan;
}

}  // namespace

TEST(Plan, TotalsPerKindAndFate) {
  const nlohmann::json j = plan_json(sample_plan());
  EXPECT_EQ(j["totals"]["sdist"]["download"], (nlohmann::json{{"files", 2}, {"bytes", 1000}, {"undeclared_size", 1}}));
  EXPECT_EQ(j["totals"]["wheel"]["download"], (nlohmann::json{{"files", 1}, {"bytes", 2000}, {"undeclared_size", 0}}));
  EXPECT_EQ(j["totals"]["all"]["download"]["bytes"], 3000);
  EXPECT_EQ(j["totals"]["all"]["on_disk"]["bytes"], 300);
  EXPECT_EQ(j["totals"]["all"]["skipped"]["files"], 2);  // over --max-total and over --max-size
  EXPECT_EQ(j["totals"]["all"]["refused"]["files"], 1);
  EXPECT_TRUE(j["download_bytes_lower_bound"]);
  EXPECT_EQ(j["files"][2]["size"], nullptr);
  EXPECT_EQ(j["files"][4]["fate"], "over_max_total");
  EXPECT_EQ(j["max_total"], 5000);
  EXPECT_EQ(j["as_of"], nullptr);
  EXPECT_EQ(j["unplanned"][0]["status"], "not_found");
  EXPECT_EQ(sample_plan().download_bytes(), 3000u);
}

TEST(Plan, EveryDeclaredSizeNoLowerBound) {
  FetchPlan plan = sample_plan();
  plan.files.erase(plan.files.begin() + 2);
  EXPECT_FALSE(plan_json(plan)["download_bytes_lower_bound"]);
  EXPECT_EQ(plan_text(plan).find("lower bound"), std::string::npos);
}

TEST(Plan, TextSaysTotalsTheBoundAndTheCap) {
  const std::string text = plan_text(sample_plan());
  EXPECT_NE(text.find("sdists  to download: 2 files, 1,000 bytes (1.0 kB) + 1 of undeclared size"), std::string::npos)
      << text;
  EXPECT_NE(text.find("wheels  to download: 1 file, 2,000 bytes (2.0 kB); on disk, verified (kept): 1 file, 300 bytes"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("no size for 1 of the files to download: the total is a lower bound"), std::string::npos);
  EXPECT_NE(text.find("--max-total 5,000 bytes: 1 file past the cap would be skipped"), std::string::npos) << text;
  EXPECT_NE(text.find("  gone: not_found: HTTP 404"), std::string::npos);
}

TEST(Plan, NamesFromTheIndexPrintedEscaped) {
  FetchPlan plan;
  plan.files = {file("evil\x1b[2J", "sdist", 10, PlannedFate::Download)};
  const std::string text = plan_text(plan);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("evil\\x1b[2J"), std::string::npos) << text;
}
