// The pick-rule table (tests/data/pick_cases.json) as an executable test: for each project its
// releases, the study's pick and the latest pick, both through the real parser of the index's
// JSON; and the study's pick again with the releases in reverse, which must not change it.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "fetch/project_page.h"
#include "fetch/release.h"
#include "fetch/study_pick.h"

using namespace pep765;
using nlohmann::json;

namespace {

json load_cases() {
  std::ifstream in(PICK_CASES);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// A file entry of the JSON API for one kind in the table's `files`.
json file_entry(const std::string& name, const std::string& stem, const std::string& kind, const std::string& uploaded,
                bool yanked) {
  std::string filename, type = "sdist";
  if (kind == "sdist") filename = stem + ".tar.gz";
  else if (kind == "zip") filename = stem + ".zip";
  else if (kind == "TAR.GZ") filename = stem + ".TAR.GZ";
  else if (kind == "dumb") filename = stem + ".linux-x86_64.tar.gz", type = "bdist_dumb";
  else if (kind == "wheel") {
    std::string project = name;
    std::replace(project.begin(), project.end(), '-', '_');
    filename = project + stem.substr(name.size()) + "-py3-none-any.whl", type = "bdist_wheel";
  } else {
    ADD_FAILURE() << "unknown file kind " << kind;
  }
  return {{"filename", filename}, {"packagetype", type}, {"url", "http://127.0.0.1:1/files/" + filename},
          {"size", 100}, {"digests", {{"sha256", std::string(64, 'a')}}},
          {"upload_time_iso_8601", uploaded.empty() ? "" : uploaded + "T12:00:00.000000Z"}, {"yanked", yanked}};
}

// The case's project document as the index's JSON text, its releases in the table's (upload)
// order, not sorted.
std::string project_text(const json& c) {
  std::string releases;
  const std::string name = c["name"];
  for (const json& r : c["releases"]) {
    const std::string version = r["version"];
    const std::string stem = r.value("stem", name + "-" + version);
    json files = json::array();
    for (const json& kind : r["files"]) files.push_back(file_entry(name, stem, kind, r["uploaded"], r.value("yanked", false)));
    releases += (releases.empty() ? "" : ", ") + json(version).dump() + ": " + files.dump();
  }
  return fmt::format(R"({{"info": {{"name": {}, "version": {}}}, "releases": {{{}}}, "urls": []}})", json(name).dump(),
                     c["info_version"].dump(), releases);
}

std::optional<std::string> as_of(const json& c) {
  return c.contains("as_of") ? std::optional<std::string>(c["as_of"].get<std::string>()) : std::nullopt;
}

void expect_study(const json& c, const ReleaseChoice& got, const char* how) {
  const json& want = c["study"];
  SCOPED_TRACE(fmt::format("{} ({}): {}", c["name"].get<std::string>(), how, c["why"].get<std::string>()));
  if (want.contains("missing")) {
    EXPECT_FALSE(got.usable());
    EXPECT_EQ(got.reason, want["missing"].get<std::string>());
    return;
  }
  ASSERT_TRUE(got.sdist);
  EXPECT_EQ(got.version, want["version"].get<std::string>());
  EXPECT_EQ(got.sdist->filename, want["file"].get<std::string>());
  EXPECT_FALSE(got.wheel);  // the study took no wheel
}

}  // namespace

TEST(PickRuleTable, EveryCaseTakesTheTablesReleases) {
  const json table = load_cases();
  const json& cases = table["cases"];
  ASSERT_GE(cases.size(), 12u);
  for (const json& c : cases) {
    const ProjectDoc doc = parse_project(project_text(c));
    expect_study(c, study_pick(doc, as_of(c)), "document order");

    // The pick sorts the keys itself: the same releases in reverse give the same pick.
    ProjectDoc reversed = doc;
    std::reverse(reversed.releases->begin(), reversed.releases->end());
    expect_study(c, study_pick(reversed, as_of(c)), "reversed");

    const ReleaseChoice latest = choose_release(doc, as_of(c));
    const json& want = c["latest"];
    SCOPED_TRACE(c["name"].get<std::string>() + " (latest)");
    EXPECT_EQ(latest.version, want["version"].get<std::string>());
    EXPECT_EQ(latest.sdist ? json(latest.sdist->filename) : json(nullptr), want["sdist"]);
    EXPECT_EQ(latest.wheel ? json(latest.wheel->filename) : json(nullptr), want["wheel"]);
  }
}

TEST(PickRuleTable, CoversTheIssuesCases) {
  // The histories issue 26 names, each in the table.
  const json table = load_cases();
  std::vector<std::string> names;
  for (const json& c : table["cases"]) names.push_back(c["name"]);
  for (const char* wanted : {"digits", "requests-like", "calver", "prerelease", "nofiles", "wheelonly", "ziponly",
                             "uppercase", "yanked", "epoch", "nonascii", "asof-undated"})
    EXPECT_NE(std::find(names.begin(), names.end(), wanted), names.end()) << wanted;
}

TEST(StudyPick, SortsAsBytes) {
  EXPECT_TRUE(sorts_before_as_bytes("1.10", "1.9"));
  EXPECT_TRUE(sorts_before_as_bytes("2.32.3", "2.9.2"));
  EXPECT_TRUE(sorts_before_as_bytes("1.0", "1.0rc1"));
  EXPECT_TRUE(sorts_before_as_bytes("1.0-\xc3\x89", "1.0-\xc3\xa9"));  // É before é, as code points
  EXPECT_TRUE(sorts_before_as_bytes("zzz", "\xc3\xa9"));               // a byte over 0x7f after every ASCII one
  EXPECT_FALSE(sorts_before_as_bytes("1.0", "1.0"));
}

TEST(StudyPick, NeedsTheReleases) {
  ProjectDoc doc = parse_project(R"({"info": {"version": "1.0"}, "urls": []})");
  const ReleaseChoice c = study_pick(doc, std::nullopt);
  EXPECT_FALSE(c.usable());
  EXPECT_NE(c.reason.find("releases"), std::string::npos);
}

TEST(StudyPick, ReleaseDateIsTheEarliestUpload) {
  ProjectDoc doc = parse_project(R"({"info": {"version": "1.0"}, "releases": {"1.0": [
      {"filename": "a-1.0.tar.gz", "url": "http://x/a", "upload_time_iso_8601": "2020-05-02T00:00:00Z"},
      {"filename": "a-1.0-py3-none-any.whl", "url": "http://x/b", "upload_time_iso_8601": "2020-05-01T00:00:00Z"}]}})");
  EXPECT_EQ(release_date(page_from_legacy(doc), "1.0"), "2020-05-01T00:00:00Z");
  EXPECT_EQ(release_date(page_from_legacy(doc), "2.0"), "");
}
