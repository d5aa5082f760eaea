// One project's page of an index, whatever protocol served it, in one typed and checked form.
// Three readers make it, each checking its input where it enters and naming every wrong field:
// the legacy JSON API (/pypi/NAME/json, through ProjectDoc), the Simple API's PEP 691 JSON
// (api-version 1.0 and 1.1: PEP 592 yanked, PEP 700 versions, size and upload-time, PEP 714
// core-metadata), and its PEP 503 HTML. Past this file fetch chooses from a ProjectPage only,
// so every shape of index gives the same choice for the same files.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/index_json.h"

namespace pep765 {

enum class FileKind { Sdist, Wheel, Other };

struct PageFile {
  std::string filename;  // a plain name: never empty, never holding '/' or '\'
  std::string url;       // absolute http(s), resolved against the page
  std::string sha256;    // lower-case hex; "" when the index gives none
  std::optional<uint64_t> size;
  std::string upload_time;  // ISO 8601 as the index gives it; "" when it gives none
  bool yanked = false;
  std::string yanked_reason;
  std::string requires_python;
  bool core_metadata = false;         // PEP 714: FILE_URL.metadata is served
  std::string core_metadata_sha256;   // its digest, when given
  FileKind kind = FileKind::Other;
  std::string version;  // its release, as the index keys it ("" when it cannot be told)
};

// Which reader made the page: said in messages and checked against --as-of.
enum class PageShape { LegacyJson, SimpleJson, SimpleHtml };

struct ProjectPage {
  PageShape shape = PageShape::LegacyJson;
  std::string api_version;   // meta.api-version of a PEP 691 page ("" for the others)
  std::vector<PageFile> files;  // in the index's order
  // Every version the index names, releases without files included: the legacy `releases`
  // keys or PEP 700 `versions`; absent where the index names none.
  std::optional<std::vector<std::string>> versions;
  // The index gives upload times (legacy JSON with `releases`, PEP 700): --as-of can be applied.
  bool upload_times = false;
  // The legacy API's own: info.version, home page and project URLs.
  std::string latest;
  std::string home_page;
  std::vector<std::pair<std::string, std::string>> project_urls;
  // Said once per run by the caller: an api-version with a newer minor, read as 1.1.
  std::string note;
};

// The legacy document as a page (files of `releases`, else of `urls` under info.version).
ProjectPage page_from_legacy(const ProjectDoc& doc);

// A release's date: the earliest upload time of its files on the page ("" when none is given,
// or `version` is "").
std::string release_date(const ProjectPage& page, const std::string& version);

// A PEP 691 JSON page, its file URLs resolved against `page_url` (the URL it came from, after
// redirects). IndexError names the wrong field (`files[2].hashes.sha256: expected 64 hex digits`).
ProjectPage parse_simple_json(std::string_view body, const std::string& page_url);

// A PEP 503 HTML page: every <a href>, with its #sha256= fragment, data-yanked,
// data-requires-python and data-core-metadata (or data-dist-info-metadata), entities decoded,
// relative URLs resolved against `page_url` or the page's <base href>. A linear scan: a hostile
// page (huge, unterminated, unquoted, with NULs) is read or refused, never a crash or a hang.
ProjectPage parse_simple_html(std::string_view body, const std::string& page_url);

// `reference` resolved against the absolute http(s) URL `base` (RFC 3986, section 5.2).
// IndexError when the result is no http(s) URL or its path climbs above the root.
std::string resolve_url(const std::string& base, std::string_view reference);

// HTML entities decoded: &amp; &lt; &gt; &quot; &apos; and numeric (&#39; &#x27;); an
// unknown or malformed one is kept as written.
std::string html_unescape(std::string_view text);

// The home page and project URLs of a file's core metadata (PEP 714: FILE_URL + ".metadata",
// RFC 822 headers `Home-page` and `Project-URL: label, URL`), into `page`.
void read_core_metadata(std::string_view metadata, ProjectPage& page);

}  // namespace pep765
