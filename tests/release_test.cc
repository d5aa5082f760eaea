// Choosing the release and files to fetch, and reading the top list.
#include <gtest/gtest.h>

#include "fetch/release.h"
#include "fetch/toplist.h"

using namespace pep765;
using nlohmann::json;

namespace {

json file(const std::string& name, const std::string& type, const std::string& uploaded, bool yanked = false) {
  return {{"filename", name}, {"packagetype", type}, {"url", "http://x/" + name},
          {"size", 100}, {"digests", {{"sha256", std::string(64, 'A')}}}, {"upload_time_iso_8601", uploaded}, {"yanked", yanked}};
}

}  // namespace

TEST(ChooseRelease, TakesInfoVersionNotTheLastKey) {
  json p = {{"info", {{"version", "1.2"}}},
            {"releases", {{"1.2", {file("a-1.2.tar.gz", "sdist", "2024-01-01T00:00:00Z"),
                                   file("a-1.2-py3-none-any.whl", "bdist_wheel", "2024-01-01T00:00:00Z")}},
                          {"2.0b1", {file("a-2.0b1.tar.gz", "sdist", "2024-05-01T00:00:00Z")}},
                          {"1.3", {file("a-1.3.tar.gz", "sdist", "2024-04-01T00:00:00Z", true)}}}}};
  ReleaseChoice c = choose_release(p, std::nullopt);
  EXPECT_EQ(c.version, "1.2");
  ASSERT_TRUE(c.sdist && c.wheel);
  EXPECT_EQ(c.sdist->filename, "a-1.2.tar.gz");
  EXPECT_EQ(c.sdist->sha256, std::string(64, 'a'));  // lower-cased
  EXPECT_EQ(c.lacks, "");
}

TEST(ChooseRelease, AsOfTakesLatestFinalNotYankedUploadedBefore) {
  json p = {{"info", {{"version", "3.0"}}},
            {"releases", {{"1.0", {file("a-1.0.tar.gz", "sdist", "2023-01-01T00:00:00Z")}},
                          {"1.5", {file("a-1.5.tar.gz", "sdist", "2024-09-01T10:00:00Z")}},
                          {"1.6", {file("a-1.6.tar.gz", "sdist", "2024-09-15T00:00:00Z", true)}},
                          {"1.7rc1", {file("a-1.7rc1.tar.gz", "sdist", "2024-10-01T00:00:00Z")}},
                          {"3.0", {file("a-3.0.tar.gz", "sdist", "2025-01-01T00:00:00Z")}}}}};
  ReleaseChoice c = choose_release(p, std::string("2024-10-17"));
  EXPECT_EQ(c.version, "1.5");
  EXPECT_EQ(c.lacks, "no_wheel");
  EXPECT_EQ(choose_release(p, std::string("2022-12-31")).lacks, "no_release");
}

TEST(ChooseRelease, RecordsWhatIsMissing) {
  json only_wheels = {{"info", {{"version", "1"}}},
                      {"releases", {{"1", {file("a-1-cp311-cp311-win_amd64.whl", "bdist_wheel", "2024-01-01")}}}}};
  EXPECT_EQ(choose_release(only_wheels, std::nullopt).lacks, "no_sdist");
  json no_files = {{"info", {{"version", "1"}}}, {"releases", {{"1", json::array()}}}};
  ReleaseChoice none = choose_release(no_files, std::nullopt);
  EXPECT_EQ(none.lacks, "no_release");
  EXPECT_FALSE(none.usable());
  EXPECT_NE(none.reason, "");
}

// info.version names a release without files: pip takes the newest release that has some.
TEST(ChooseRelease, FallsBackFromAReleaseWithoutFiles) {
  json p = {{"info", {{"version", "3.0"}}},
            {"releases", {{"3.0", json::array()},
                          {"2.0", {file("a-2.0.tar.gz", "sdist", "2024-01-01")}},
                          {"2.1b1", {file("a-2.1b1.tar.gz", "sdist", "2024-02-01")}},
                          {"1.0", {file("a-1.0.tar.gz", "sdist", "2023-01-01")}}}}};
  ReleaseChoice c = choose_release(p, std::nullopt);
  EXPECT_EQ(c.version, "2.0");  // the newest final, not the newer pre-release
  ASSERT_TRUE(c.sdist);
  EXPECT_NE(c.why.find("info.version 3.0 has none"), std::string::npos);
}

TEST(ChooseRelease, EveryReleaseYankedTakesTheNewestYankedOneAndSaysSo) {
  json yanked_file = file("a-2.0.tar.gz", "sdist", "2024-01-01");
  yanked_file["yanked"] = true;
  json older = file("a-1.0.tar.gz", "sdist", "2023-01-01");
  older["yanked"] = true;
  json p = {{"info", {{"version", "2.0"}}}, {"releases", {{"2.0", {yanked_file}}, {"1.0", {older}}}}};
  ReleaseChoice c = choose_release(p, std::nullopt);
  EXPECT_EQ(c.version, "2.0");
  ASSERT_TRUE(c.sdist);
  EXPECT_NE(c.lacks.find("yanked"), std::string::npos);
  EXPECT_NE(c.why.find("yanked"), std::string::npos);
}

TEST(ChooseRelease, OnlyEggsIsNoUsableRelease) {
  json p = {{"info", {{"version", "1.0"}}},
            {"releases", {{"1.0", {file("a-1.0-py2.7.egg", "bdist_egg", "2014-01-01")}}}}};
  ReleaseChoice c = choose_release(p, std::nullopt);
  EXPECT_FALSE(c.usable());
  EXPECT_EQ(c.lacks, "no_release");
  EXPECT_NE(c.reason.find("eggs"), std::string::npos);
}

TEST(ChooseRelease, AsOfWithoutReleasesSaysWhy) {
  json p = {{"info", {{"version", "1.0"}}}, {"urls", {file("a-1.0.tar.gz", "sdist", "2020-01-01")}}};
  ReleaseChoice c = choose_release(p, std::string("2024-10-17"));
  EXPECT_FALSE(c.usable());
  EXPECT_NE(c.reason.find("`releases`"), std::string::npos);
  EXPECT_TRUE(choose_release(p, std::nullopt).usable());  // without --as-of, `urls` is enough
}

TEST(ChooseWheel, PureFirstThenADocumentedBinary) {
  auto pick = [](std::vector<std::string> names) {
    std::vector<ReleaseFile> ws;
    for (auto& n : names) ws.push_back({n, "u", "", "", "bdist_wheel", 1, false});
    auto i = choose_wheel(ws);
    return i ? ws[*i].filename : std::string();
  };
  EXPECT_EQ(pick({"a-1-py2.py3-none-any.whl", "a-1-py3-none-any.whl", "a-1-cp312-cp312-manylinux_2_17_x86_64.whl"}),
            "a-1-py3-none-any.whl");
  EXPECT_EQ(pick({"a-1-cp311-cp311-win_amd64.whl", "a-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                  "a-1-cp311-cp311-manylinux_2_17_x86_64.whl", "a-1-cp312-cp312-macosx_11_0_arm64.whl"}),
            "a-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
  EXPECT_EQ(pick({"a-1-cp39-abi3-win_amd64.whl", "a-1-cp39-abi3-macosx_10_9_x86_64.whl"}), "a-1-cp39-abi3-win_amd64.whl");
  EXPECT_EQ(pick({}), "");
}

TEST(RepositoryUrl, PrefersSourceOnACodeHost) {
  json info = {{"home_page", "https://example.org"},
               {"project_urls", {{"Documentation", "https://docs.example.org"},
                                 {"Source", "https://github.com/o/r"}, {"Homepage", "https://example.org"}}}};
  auto of = [](json info) { return repository_url(project_from_json(json{{"info", info}})); };
  EXPECT_EQ(of(info), "https://github.com/o/r");
  EXPECT_EQ(of(json{{"home_page", "https://gitlab.com/o/r"}}), "https://gitlab.com/o/r");
  EXPECT_EQ(of(json{{"home_page", "https://example.org"}}), "");
  // Only http(s) is a link: a javascript: URL naming a code host is never one.
  EXPECT_EQ(of(json{{"project_urls", {{"Source", "javascript:alert(1)//github.com"}}}}), "");
}

// The index's JSON is checked field by field: a wrong type fails the project, naming the field.
TEST(IndexJson, WrongTypesNameTheField) {
  auto error_of = [](const std::string& body) -> std::string {
    try {
      parse_project(body);
      return "";
    } catch (const IndexError& e) {
      return e.what();
    }
  };
  const std::string file = R"({"filename": "a-1.tar.gz", "url": "http://x/a-1.tar.gz", "packagetype": "sdist")";
  EXPECT_EQ(error_of(R"({"info": {"version": "1"}, "urls": [)" + file + "}]}"), "");
  EXPECT_NE(error_of(R"({"info": {"version": 1}})").find("info.version: expected a string, got 1"), std::string::npos);
  EXPECT_NE(error_of(R"({"urls": [)" + file + R"(, "size": "big"}]})").find("urls[0].size: expected a non-negative integer"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"urls": [{"filename": 7, "url": "http://x"}]})").find("urls[0].filename"), std::string::npos);
  EXPECT_NE(error_of(R"({"releases": {"1": [)" + file + R"(, "digests": {"sha256": "zz"}}]}})").find("releases[\"1\"][0].digests.sha256"),
            std::string::npos);
  // null digests and upload times are absent values, not errors: the file is then unverified.
  ProjectDoc p = parse_project(R"({"urls": [)" + file + R"(, "digests": {"sha256": null}, "upload_time_iso_8601": null}]})");
  EXPECT_EQ(p.urls.at(0).sha256, "");
  EXPECT_EQ(p.urls.at(0).upload_time, "");
  EXPECT_NE(error_of("{\"info\": " + std::string(100000, '[') + std::string(100000, ']') + "}").find("nested more than"),
            std::string::npos);
  EXPECT_NE(error_of("{not json").find("not valid JSON"), std::string::npos);
}

TEST(IndexJson, CountsAreClampedNeverThrown) {
  EXPECT_EQ(parse_count("120", 600), 120u);
  EXPECT_EQ(parse_count(std::string(400, '9'), 600), 600u);
  EXPECT_EQ(parse_count("", 600), std::nullopt);
  EXPECT_EQ(parse_count("-1", 600), std::nullopt);
  EXPECT_EQ(parse_count("1e9", 600), std::nullopt);
}

TEST(TopList, BothJsonShapesAndPlainText) {
  TopList old_shape = parse_top_list(
      R"({"last_update": "2024-10-01 00:00:00", "query": {"bytes_billed": 1},
          "rows": [{"download_count": 5, "project": "small"}, {"download_count": 50, "project": "big"},
                   {"download_count": 20, "project": "mid"}]})", 2);
  ASSERT_EQ(old_shape.projects.size(), 2u);
  EXPECT_EQ(old_shape.last_update, "2024-10-01 00:00:00");
  EXPECT_EQ(old_shape.projects[0].name, "big");
  EXPECT_EQ(old_shape.projects[0].rank, 1);
  EXPECT_EQ(old_shape.projects[1].name, "mid");
  EXPECT_EQ(*old_shape.projects[1].download_count, 20);

  TopList new_shape = parse_top_list(
      R"({"last_update": "2026-11-01 12:00:00", "source": "bigquery", "meta": {"n": 2}, "total_rows": 2,
          "rows": [{"download_count": 9, "project": "A_b"}, {"download_count": 8, "project": "a-b"}]})", 0);
  ASSERT_EQ(new_shape.projects.size(), 1u);  // one project under two spellings
  EXPECT_EQ(new_shape.projects[0].name, "A_b");

  TopList text = parse_top_list("# my list\nrequests\n\n  numpy  \nsix # comment\n", 0);
  ASSERT_EQ(text.projects.size(), 3u);
  EXPECT_EQ(text.projects[2].name, "six");
  EXPECT_EQ(text.projects[2].rank, 3);
  EXPECT_FALSE(text.projects[0].download_count);

  EXPECT_THROW(parse_top_list("{\"nope\": 1}", 0), std::runtime_error);
  EXPECT_THROW(parse_top_list("{broken", 0), std::runtime_error);
}

// An entry that is no project name is set aside with its place, and takes no rank.
TEST(TopList, EntriesThatAreNoNamesAreSetAside) {
  TopList json = parse_top_list(
      R"({"rows": [{"project": "../x", "download_count": 9}, {"project": "ok", "download_count": 8},
                   {"project": "q?y", "download_count": 7}]})", 1);
  ASSERT_EQ(json.projects.size(), 1u);
  EXPECT_EQ(json.projects[0].name, "ok");
  EXPECT_EQ(json.projects[0].rank, 1);
  ASSERT_EQ(json.invalid.size(), 2u);
  EXPECT_EQ(json.invalid[0].raw, "../x");
  EXPECT_EQ(json.invalid[0].position, 1u);
  EXPECT_EQ(json.invalid[1].position, 3u);

  TopList text = parse_top_list("a b\nfine\n%2e%2e\n", 0);
  ASSERT_EQ(text.projects.size(), 1u);
  ASSERT_EQ(text.invalid.size(), 2u);
  EXPECT_EQ(text.invalid[1].raw, "%2e%2e");
  EXPECT_EQ(text.invalid[1].position, 3u);
}

TEST(TopList, NormalizedNames) {
  EXPECT_EQ(normalize_project_name("Foo.Bar__baz"), "foo-bar-baz");
}
