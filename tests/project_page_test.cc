// One project page from every shape of index: the legacy JSON, PEP 691 JSON and PEP 503 HTML
// readers, the URL resolution they share, and the latest pick over what they give.
#include <gtest/gtest.h>

#include <random>

#include "fetch/index_url.h"
#include "fetch/project_page.h"
#include "fetch/release.h"

using namespace pep765;

namespace {

const std::string kPage = "http://127.0.0.1:8765/simple/demo/";
const std::string kSha(64, 'a');

std::string error_of(const std::function<void()>& f) {
  try {
    f();
    return "";
  } catch (const IndexError& e) {
    return e.what();
  }
}

std::string json_file(const std::string& name, const std::string& extra = "") {
  return R"({"filename": ")" + name + R"(", "url": "../../files/)" + name + R"(", "hashes": {"sha256": ")" + kSha +
         "\"}" + extra + "}";
}

}  // namespace

TEST(ResolveUrl, Rfc3986References) {
  EXPECT_EQ(resolve_url(kPage, "../../files/a-1.0.tar.gz"), "http://127.0.0.1:8765/files/a-1.0.tar.gz");
  EXPECT_EQ(resolve_url(kPage, "a-1.0.tar.gz"), "http://127.0.0.1:8765/simple/demo/a-1.0.tar.gz");
  EXPECT_EQ(resolve_url(kPage, "./x/./y/../a.whl"), "http://127.0.0.1:8765/simple/demo/x/a.whl");
  EXPECT_EQ(resolve_url(kPage, "/packages/a.whl?x=1#frag"), "http://127.0.0.1:8765/packages/a.whl?x=1");
  EXPECT_EQ(resolve_url(kPage, "//files.example/a.whl"), "http://files.example/a.whl");
  EXPECT_EQ(resolve_url(kPage, "HTTPS://h/a.whl"), "https://h/a.whl");
  EXPECT_EQ(resolve_url(kPage, ""), kPage);
  EXPECT_NE(error_of([] { resolve_url(kPage, "../../../../etc/passwd"); }).find("climbs above the server's root"),
            std::string::npos);
  EXPECT_NE(error_of([] { resolve_url(kPage, "javascript:alert(1)//x"); }).find("no http(s) URL"), std::string::npos);
  EXPECT_NE(error_of([] { resolve_url(kPage, "file:///etc/passwd"); }).find("no http(s) URL"), std::string::npos);
}

TEST(HtmlUnescape, NamedAndNumericEntities) {
  EXPECT_EQ(html_unescape("a&amp;b&lt;&gt;&quot;&apos;&#39;&#x41;&#233;"), "a&b<>\"''A\xc3\xa9");
  EXPECT_EQ(html_unescape("&nope; &#xZZ; &#1114112; & x"), "&nope; &#xZZ; &#1114112; & x");
}

TEST(SimpleJson, Pep691With700And714) {
  const std::string body = R"({"meta": {"api-version": "1.1"}, "name": "demo", "versions": ["1.0.0", "2.0", "3.0"],
    "files": [)" + json_file("demo-1.0.tar.gz", R"(, "size": 10, "upload-time": "2024-01-01T00:00:00.000000Z")") + ", " +
                           json_file("demo-2.0-py3-none-any.whl", R"(, "yanked": "broken", "core-metadata": {"sha256": ")" + kSha + R"("}, "requires-python": ">=3.8")") + ", " +
                           json_file("demo-2.0.tar.gz", R"(, "data-dist-info-metadata": true)") + ", " +
                           json_file("demo-2.0.exe") + "]}";
  ProjectPage page = parse_simple_json(body, kPage);
  EXPECT_EQ(page.api_version, "1.1");
  EXPECT_TRUE(page.upload_times);
  ASSERT_EQ(page.files.size(), 4u);
  const PageFile& sdist = page.files[0];
  EXPECT_EQ(sdist.url, "http://127.0.0.1:8765/files/demo-1.0.tar.gz");
  EXPECT_EQ(sdist.kind, FileKind::Sdist);
  EXPECT_EQ(sdist.version, "1.0.0");  // the listed version it equals under PEP 440
  EXPECT_EQ(sdist.size, 10u);
  const PageFile& wheel = page.files[1];
  EXPECT_EQ(wheel.kind, FileKind::Wheel);
  EXPECT_TRUE(wheel.yanked);
  EXPECT_EQ(wheel.yanked_reason, "broken");
  EXPECT_TRUE(wheel.core_metadata);
  EXPECT_EQ(wheel.core_metadata_sha256, kSha);
  EXPECT_EQ(wheel.requires_python, ">=3.8");
  EXPECT_FALSE(wheel.size);
  EXPECT_TRUE(page.files[2].core_metadata);  // the older spelling
  EXPECT_EQ(page.files[3].kind, FileKind::Other);
  ASSERT_TRUE(page.versions);
  EXPECT_EQ(page.versions->size(), 3u);  // 3.0 has no files and is listed all the same

  // The newest final release with a file not yanked: 2.0's sdist; its wheel is yanked.
  ReleaseChoice c = choose_release(page, std::nullopt);
  EXPECT_EQ(c.version, "2.0");
  ASSERT_TRUE(c.sdist);
  EXPECT_FALSE(c.wheel);
  EXPECT_EQ(c.why, "newest (PEP 440) final release with an sdist or wheel");
  EXPECT_EQ(c.metadata_url, "http://127.0.0.1:8765/files/demo-2.0.tar.gz.metadata");
  // --as-of: only files with an upload time on or before the date exist then; said.
  ReleaseChoice dated = choose_release(page, std::string("2024-10-17"));
  EXPECT_EQ(dated.version, "1.0.0");
  EXPECT_NE(dated.note.find("give no upload time"), std::string::npos);
}

TEST(SimpleJson, ApiVersions) {
  const std::string files = R"(, "files": [)" + json_file("demo-1.0.tar.gz") + "]}";
  ProjectPage old = parse_simple_json(R"({"meta": {"api-version": "1.0"})" + files, kPage);
  EXPECT_FALSE(old.upload_times);
  EXPECT_EQ(old.files.at(0).version, "1.0");  // from the file name
  ProjectPage newer = parse_simple_json(R"({"meta": {"api-version": "1.4"})" + files, kPage);
  EXPECT_NE(newer.note.find("newer than 1.1"), std::string::npos);
  EXPECT_NE(error_of([&] { parse_simple_json(R"({"meta": {"api-version": "2.0"})" + files, kPage); })
                .find("meta.api-version: 2.0 is not version 1"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_simple_json(R"({"meta": {"api-version": "one"})" + files, kPage); })
                .find("meta.api-version: expected MAJOR.MINOR"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_simple_json(R"({"files": []})", kPage); }).find("meta: missing"), std::string::npos);
}

// Every wrong field is named.
TEST(SimpleJson, WrongFieldsAreNamed) {
  auto error = [](const std::string& file) {
    return error_of([&] { parse_simple_json(R"({"meta": {"api-version": "1.1"}, "files": [)" + file + "]}", kPage); });
  };
  EXPECT_EQ(error(json_file("a-1.tar.gz")), "");
  EXPECT_NE(error(R"({"filename": 7, "url": "x"})").find("files[0].filename: expected a non-empty string, got 7"), std::string::npos);
  EXPECT_NE(error(R"({"filename": "../a-1.tar.gz", "url": "x"})").find("files[0].filename: a file name holds no '/'"),
            std::string::npos);
  EXPECT_NE(error(json_file("a-1.tar.gz", R"(, "size": -3)")).find("files[0].size: expected a non-negative integer"),
            std::string::npos);
  EXPECT_NE(error(json_file("a-1.tar.gz", R"(, "yanked": 1)")).find("files[0].yanked: expected true, false or a reason"),
            std::string::npos);
  EXPECT_NE(error(json_file("a-1.tar.gz", R"(, "core-metadata": "yes")")).find("files[0].core-metadata: expected"),
            std::string::npos);
  EXPECT_NE(error(R"({"filename": "a-1.tar.gz", "url": "x", "hashes": {"sha256": "zz"}})").find("files[0].hashes.sha256"),
            std::string::npos);
  EXPECT_NE(error(R"({"filename": "a-1.tar.gz", "url": "../../../../x"})").find("files[0].url: the URL"), std::string::npos);
  EXPECT_NE(error(R"({"filename": "a-1.tar.gz", "url": "gopher://h/x"})").find("files[0].url"), std::string::npos);
  EXPECT_NE(error_of([] { parse_simple_json(R"({"meta": {"api-version": "1.1"}, "files": {}})", kPage); })
                .find("files: expected an array of files"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_simple_json(R"({"meta": {"api-version": "1.1"}, "files": [], "versions": [1]})", kPage); })
                .find("versions[0]: expected a string"),
            std::string::npos);
}

TEST(SimpleHtml, Pep503Anchors) {
  const std::string body =
      "<!DOCTYPE html><html><head><base href=\"/mirror/x/\"><base href=\"/ignored/\"></head><body>\n"
      "<!-- <a href=\"hidden-9.0.tar.gz\">hidden-9.0.tar.gz</a> -->\n"
      "<a href=\"../files/demo-1.0.tar.gz#sha256=" + kSha + "\" data-requires-python=\"&gt;=3.8\">demo-1.0.tar.gz</a>\n"
      "<A HREF='demo-2.0-py3-none-any.whl#md5=00' data-yanked=\"bad &amp; broken\" "
      "data-dist-info-metadata=\"sha256=" + kSha + "\">demo-2.0-py3-none-any.whl</A>\n"
      "<a href=demo-2.0.tar.gz data-core-metadata=true>  demo-2.0.tar.gz </a>\n"
      "<a name=\"no-href\">nothing</a>\n</body></html>";
  ProjectPage page = parse_simple_html(body, kPage);
  EXPECT_EQ(page.shape, PageShape::SimpleHtml);
  EXPECT_FALSE(page.upload_times);
  ASSERT_EQ(page.files.size(), 3u);
  EXPECT_EQ(page.files[0].url, "http://127.0.0.1:8765/mirror/files/demo-1.0.tar.gz");
  EXPECT_EQ(page.files[0].sha256, kSha);
  EXPECT_EQ(page.files[0].requires_python, ">=3.8");
  EXPECT_EQ(page.files[0].version, "1.0");
  EXPECT_EQ(page.files[1].url, "http://127.0.0.1:8765/mirror/x/demo-2.0-py3-none-any.whl");
  EXPECT_EQ(page.files[1].sha256, "");  // only sha256 is taken
  EXPECT_TRUE(page.files[1].yanked);
  EXPECT_EQ(page.files[1].yanked_reason, "bad & broken");
  EXPECT_EQ(page.files[1].core_metadata_sha256, kSha);
  EXPECT_EQ(page.files[2].filename, "demo-2.0.tar.gz");
  EXPECT_TRUE(page.files[2].core_metadata);
  ReleaseChoice c = choose_release(page, std::nullopt);
  EXPECT_EQ(c.version, "2.0");
  EXPECT_EQ(c.sdist->filename, "demo-2.0.tar.gz");
  EXPECT_FALSE(c.wheel);  // yanked
  EXPECT_EQ(choose_release(page, std::string("2024-10-17")).reason,
            "the index gives no upload times (PEP 700), so --as-of cannot choose a release");
  EXPECT_NE(error_of([&] { parse_simple_html("<a href=\"../../x/a%2F..\">a/b-1.0.tar.gz</a>", kPage); })
                .find("anchor 1: the file name: a file name holds no '/'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_simple_html("<a href=\"#sha256=12\">a-1.tar.gz</a>", kPage); }).find("anchor 1: the #sha256="),
            std::string::npos);
}

// Whatever the bytes, the HTML reader returns or throws IndexError, in time linear in the page.
TEST(SimpleHtml, HostileBytesNeverCrashOrHang) {
  std::mt19937_64 rng(765);
  const std::string alphabet = std::string("<>a=\"' /#&;!-\0\n", 15) + "href" + "sha256" + "data-yanked";
  for (int round = 0; round < 3000; round++) {
    std::string page;
    const size_t n = rng() % 400;
    for (size_t i = 0; i < n; i++) page += alphabet[rng() % alphabet.size()];
    try {
      parse_simple_html(page, kPage);
    } catch (const IndexError&) {
    }
  }
  // Large pages of the worst shapes: unterminated tags and quotes, a million anchors.
  for (const std::string& page : {std::string("<a href=\"") + std::string(8 << 20, 'x'), std::string(4 << 20, '<'),
                                  [] { std::string s; for (int i = 0; i < 200000; i++) s += "<a href=x-1.0.tar.gz>"; return s; }()}) {
    try {
      parse_simple_html(page, kPage);
    } catch (const IndexError&) {
    }
  }
}

TEST(CoreMetadata, HomePageAndProjectUrls) {
  ProjectPage page;
  read_core_metadata("Metadata-Version: 2.1\r\nName: demo\r\nHome-page: https://example.org\r\n"
                     "Project-URL: Source, https://github.com/o/demo\r\nProject-URL: broken\r\n"
                     "Description: x\r\n  continued\r\n\r\nProject-URL: Body, https://not/a/header\r\n",
                     page);
  EXPECT_EQ(page.home_page, "https://example.org");
  ASSERT_EQ(page.project_urls.size(), 1u);
  EXPECT_EQ(page.project_urls[0].first, "Source");
  EXPECT_EQ(repository_url(page.project_urls, page.home_page), "https://github.com/o/demo");
}

// The legacy document as a page: `releases` keys are the versions, packagetype the kind.
TEST(LegacyPage, ReleasesKeyedAsGiven) {
  ProjectDoc doc = parse_project(R"({"info": {"version": "1.10"}, "releases": {"1.9": [{"filename": "a-1.9.tar.gz",
      "url": "http://x/a-1.9.tar.gz", "packagetype": "sdist", "upload_time_iso_8601": "2020-01-01T00:00:00Z"}],
      "1.10": [{"filename": "a-1.10.tar.gz", "url": "http://x/a-1.10.tar.gz", "packagetype": "sdist"}], "2.0": []}})");
  ProjectPage page = page_from_legacy(doc);
  EXPECT_TRUE(page.upload_times);
  ASSERT_EQ(page.versions->size(), 3u);
  EXPECT_EQ(page.files.at(0).version, "1.10");  // a JSON object's keys come sorted as text
  EXPECT_EQ(page.files.at(0).kind, FileKind::Sdist);
  EXPECT_EQ(choose_release(page, std::nullopt).version, "1.10");
}

// A release with a legacy version (no PEP 440 one) is taken only where no PEP 440 release has
// files, the same from every shape.
TEST(SimpleHtml, LegacyVersionsSortBelowEveryPep440One) {
  const std::string only_legacy = "<a href=\"tidylib-0.3.2.dfsg.tar.gz#sha256=" + kSha + "\">tidylib-0.3.2.dfsg.tar.gz</a>";
  EXPECT_EQ(choose_release(parse_simple_html(only_legacy, kPage), std::nullopt).version, "0.3.2.dfsg");
  const std::string with_pep440 = only_legacy + "<a href=\"tidylib-0.1.tar.gz\">tidylib-0.1.tar.gz</a>";
  EXPECT_EQ(choose_release(parse_simple_html(with_pep440, kPage), std::nullopt).version, "0.1");
}

TEST(IndexLocation, AsPipTakesIt) {
  IndexLocation bare = locate_index("http://127.0.0.1:8765", IndexApi::Simple);
  EXPECT_EQ(bare.simple_root, "http://127.0.0.1:8765/simple/");
  EXPECT_EQ(bare.project_url("my-project"), "http://127.0.0.1:8765/simple/my-project/");
  EXPECT_EQ(locate_index("http://127.0.0.1:8765/", IndexApi::Json).project_url("x"), "http://127.0.0.1:8765/pypi/x/json");
  IndexLocation devpi = locate_index("http://127.0.0.1:3141/root/pypi/+simple", IndexApi::Simple);
  EXPECT_EQ(devpi.project_url("x"), "http://127.0.0.1:3141/root/pypi/+simple/x/");
  EXPECT_THROW(locate_index("http://127.0.0.1:3141/root/pypi/+simple/", IndexApi::Json), std::runtime_error);
  EXPECT_EQ(locate_index("http://h/mirror/simple/", IndexApi::Json).project_url("x"), "http://h/pypi/x/json");
  IndexLocation secret = locate_index("http://al%40ice:p%3Ass@127.0.0.1:8765/simple/", IndexApi::Simple);
  EXPECT_EQ(secret.user, "al@ice");
  EXPECT_EQ(secret.password, "p:ss");
  EXPECT_EQ(secret.shown, "http://127.0.0.1:8765/simple/");
  EXPECT_EQ(secret.simple_root.find("p%3Ass"), std::string::npos);
  EXPECT_EQ(origin_of("HTTP://Host:80/x"), "http://host");
  const char* netrc = "machine other login o password x\nmacdef init\nmachine 127.0.0.1 login evil\n\n"
                      "machine 127.0.0.1\n  login reader\n  password \"p w\\\"q\"\ndefault login anon password y\n";
  ASSERT_TRUE(netrc_login(netrc, "127.0.0.1"));
  EXPECT_EQ(netrc_login(netrc, "127.0.0.1")->user, "reader");
  EXPECT_EQ(netrc_login(netrc, "127.0.0.1")->password, "p w\"q");
  EXPECT_EQ(netrc_login(netrc, "elsewhere")->user, "anon");
  EXPECT_FALSE(netrc_login("machine a login b", "c"));
  EXPECT_EQ(origin_of("https://host:8443/x"), "https://host:8443");
}
