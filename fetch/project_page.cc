#include "fetch/project_page.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>

#include "common/ascii.h"
#include "common/dist_filename.h"
#include "common/pep440.h"
#include "common/url.h"

namespace pep765 {

using namespace index_fields;

namespace {

// A file name as an index gives it is used on disk and in URLs: one plain name only.
void check_filename(const std::string& name, const std::string& field) {
  if (name.empty()) throw IndexError(fmt::format("{}: empty", field));
  if (name == "." || name == "..") throw IndexError(fmt::format("{}: '{}' is no file name", field, name));
  for (unsigned char c : name)
    if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f)
      throw IndexError(fmt::format("{}: a file name holds no '/', '\\' or control character", field));
}

// Kind and version from the file's name (PEP 625 and legacy sdists, PEP 427 wheels).
void classify(PageFile& f) {
  if (std::optional<DistFilename> d = parse_dist_filename(f.filename)) {
    f.kind = d->kind == DistKind::Sdist ? FileKind::Sdist : d->kind == DistKind::Wheel ? FileKind::Wheel : FileKind::Other;
    if (f.version.empty()) f.version = d->version;
  }
}

// Where the index names its versions (PEP 700), each file goes under the one its name's
// version equals under PEP 440 ("1.0" in a file name is the listed "1.0.0").
void key_files_to_versions(ProjectPage& page) {
  if (!page.versions) return;
  std::vector<std::optional<Version>> parsed;
  for (const std::string& v : *page.versions) parsed.push_back(Version::parse(v));
  for (PageFile& f : page.files) {
    const std::optional<Version> own = Version::parse(f.version);
    for (size_t i = 0; i < parsed.size(); i++)
      if ((*page.versions)[i] == f.version || (own && parsed[i] && *own == *parsed[i])) {
        f.version = (*page.versions)[i];
        break;
      }
  }
}

// PEP 691's `core-metadata` (PEP 714) or its older spellings: true, false, or an object of hashes.
void read_metadata_offer(const nlohmann::json& f, PageFile& out, const std::string& where) {
  for (const char* key : {"core-metadata", "data-dist-info-metadata", "dist-info-metadata"}) {
    auto it = f.find(key);
    if (it == f.end() || it->is_null()) continue;
    const std::string field = where + "." + key;
    if (it->is_boolean()) {
      out.core_metadata = it->get<bool>();
    } else if (it->is_object()) {
      out.core_metadata = true;
      if (auto sha = it->find("sha256"); sha != it->end()) out.core_metadata_sha256 = checked_sha256(*sha, field + ".sha256");
    } else {
      wrong(field, "true, false or an object of hashes", *it);
    }
    return;  // the newest spelling present wins
  }
}

// "MAJOR.MINOR" of meta.api-version: 1.x only.
void check_api_version(const std::string& version, ProjectPage& page) {
  const size_t dot = version.find('.');
  auto digits = [](std::string_view s) { return !s.empty() && s.size() < 6 && s.find_first_not_of("0123456789") == s.npos; };
  if (dot == std::string::npos || !digits(version.substr(0, dot)) || !digits(version.substr(dot + 1)))
    wrong("meta.api-version", "MAJOR.MINOR", nlohmann::json(version));
  const int major = std::stoi(version.substr(0, dot)), minor = std::stoi(version.substr(dot + 1));
  if (major != 1)
    throw IndexError(fmt::format("meta.api-version: {} is not version 1 of the simple API (PEP 691), the one pep765 "
                                 "reads", version));
  if (minor > 1) page.note = fmt::format("the index serves simple API {}, newer than 1.1: read as 1.1", version);
  page.api_version = version;
  page.upload_times = minor >= 1;
}

struct Url {
  std::string scheme, authority, path, query;
};

// An absolute URL's parts (the fragment dropped); nullopt when it has no scheme and authority.
std::optional<Url> split_url(std::string_view s) {
  const size_t colon = s.find(':');
  if (colon == s.npos || colon == 0 || s.substr(colon + 1, 2) != "//") return std::nullopt;
  for (size_t i = 0; i < colon; i++)
    if (!std::isalnum(static_cast<unsigned char>(s[i])) && s[i] != '+' && s[i] != '-' && s[i] != '.') return std::nullopt;
  Url u;
  u.scheme = ascii_lower(std::string(s.substr(0, colon)));
  s.remove_prefix(colon + 3);
  s = s.substr(0, s.find('#'));
  const size_t end = s.find_first_of("/?");
  u.authority = std::string(s.substr(0, end));
  s = end == s.npos ? std::string_view() : s.substr(end);
  const size_t q = s.find('?');
  u.path = std::string(s.substr(0, q));
  if (q != s.npos) u.query = std::string(s.substr(q));
  return u;
}

// RFC 3986 5.2.4, except that a ".." above the root is refused, not dropped: an index has no
// reason to write one, and the file would be another than the one it names.
std::string remove_dot_segments(std::string_view path, std::string_view reference) {
  std::vector<std::string_view> out;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  bool trailing = false;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == path.npos) slash = path.size();
    const std::string_view seg = path.substr(start, slash - start);
    trailing = seg == "." || seg == "..";
    if (seg == "..") {
      if (out.empty())
        throw IndexError(fmt::format("the URL '{}' climbs above the server's root", std::string(reference.substr(0, 200))));
      out.pop_back();
    } else if (seg != ".") {
      out.push_back(seg);
    }
    start = slash + 1;
  }
  std::string result;
  for (std::string_view seg : out) result += "/" + std::string(seg);
  if (trailing || result.empty()) result += "/";
  return result;
}

// One HTML start tag's attributes, names lower-cased, values entity-decoded.
struct Tag {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  const std::string* find(std::string_view attribute) const {
    for (const auto& [k, v] : attributes)
      if (k == attribute) return &v;
    return nullptr;
  }
};

// Reads the tag opening at body[pos] ('<'); the position after its '>', or npos when the tag
// never ends (the rest of the page is then no tag at all).
size_t read_tag(std::string_view body, size_t pos, Tag& tag) {
  size_t i = pos + 1;
  auto space = [&](size_t k) { return k < body.size() && std::isspace(static_cast<unsigned char>(body[k])); };
  while (i < body.size() && (std::isalnum(static_cast<unsigned char>(body[i])) || body[i] == '/' || body[i] == '!'))
    tag.name += char(std::tolower(static_cast<unsigned char>(body[i++])));
  while (i < body.size()) {
    while (space(i) || (i < body.size() && body[i] == '/')) i++;
    if (i >= body.size()) return std::string_view::npos;
    if (body[i] == '>') return i + 1;
    std::string name;
    while (i < body.size() && !space(i) && body[i] != '=' && body[i] != '>' && body[i] != '/')
      name += char(std::tolower(static_cast<unsigned char>(body[i++])));
    while (space(i)) i++;
    std::string value;
    if (i < body.size() && body[i] == '=') {
      i++;
      while (space(i)) i++;
      if (i < body.size() && (body[i] == '"' || body[i] == '\'')) {
        const size_t close = body.find(body[i], i + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        value = html_unescape(body.substr(i + 1, close - i - 1));
        i = close + 1;
      } else {
        const size_t begin = i;
        while (i < body.size() && !space(i) && body[i] != '>') i++;
        value = html_unescape(body.substr(begin, i - begin));
      }
    }
    if (!name.empty()) tag.attributes.emplace_back(std::move(name), std::move(value));
  }
  return std::string_view::npos;
}

std::string trimmed(std::string s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == s.npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// An anchor's file: its href resolved (the fragment read for the sha256), its data- attributes.
PageFile file_of_anchor(const Tag& a, std::string text, const std::string& base, const std::string& where) {
  PageFile f;
  std::string href = *a.find("href");
  if (const size_t hash = href.find('#'); hash != href.npos) {
    const std::string fragment = href.substr(hash + 1);
    href.erase(hash);
    if (fragment.starts_with("sha256=")) {
      f.sha256 = ascii_lower(fragment.substr(7));
      if (f.sha256.size() != 64 || f.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw IndexError(fmt::format("{}: the #sha256= fragment is not 64 hex digits", where));
    }
  }
  try {
    f.url = resolve_url(base, href);
  } catch (const IndexError& e) {
    throw IndexError(fmt::format("{}: href: {}", where, e.what()));
  }
  f.filename = trimmed(html_unescape(text));
  if (f.filename.empty()) {  // PEP 503: the text is the file name; where it is missing, the URL's last segment
    const std::string path = split_url(f.url)->path;
    f.filename = path.substr(path.rfind('/') + 1);
  }
  check_filename(f.filename, where + ": the file name");
  if (const std::string* y = a.find("data-yanked")) {
    f.yanked = true;
    f.yanked_reason = *y;
  }
  if (const std::string* rp = a.find("data-requires-python")) f.requires_python = *rp;
  const std::string* meta = a.find("data-core-metadata");
  if (!meta) meta = a.find("data-dist-info-metadata");
  if (meta && *meta != "false") {
    f.core_metadata = true;
    if (meta->starts_with("sha256=")) {
      f.core_metadata_sha256 = ascii_lower(meta->substr(7));
      if (f.core_metadata_sha256.size() != 64 ||
          f.core_metadata_sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw IndexError(fmt::format("{}: data-core-metadata: the sha256 is not 64 hex digits", where));
    }
  }
  classify(f);
  return f;
}

}  // namespace

std::string resolve_url(const std::string& base, std::string_view reference) {
  const std::optional<Url> b = split_url(base);
  if (!b) throw IndexError(fmt::format("the page's URL '{}' is not absolute", base.substr(0, 200)));
  reference = reference.substr(0, reference.find('#'));
  // A reference with a scheme is absolute (RFC 3986 4.3): only http(s) ones, with a host, are URLs here.
  const size_t colon = reference.find(':');
  if (colon != reference.npos && colon > 0 && std::isalpha(static_cast<unsigned char>(reference[0])) &&
      reference.substr(0, colon).find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") == reference.npos &&
      !split_url(reference))
    throw IndexError(fmt::format("'{}' is no http(s) URL", std::string(reference.substr(0, 200))));
  Url t;
  if (std::optional<Url> absolute = split_url(reference)) {
    t = *absolute;
    t.path = remove_dot_segments(t.path, reference);
  } else if (reference.starts_with("//")) {
    t = *split_url(b->scheme + ":" + std::string(reference));
    t.path = remove_dot_segments(t.path, reference);
  } else {
    t.scheme = b->scheme;
    t.authority = b->authority;
    const size_t q = reference.find('?');
    const std::string_view path = reference.substr(0, q), query = q == reference.npos ? "" : reference.substr(q);
    if (path.empty()) {
      t.path = b->path.empty() ? "/" : b->path;
      t.query = query.empty() ? b->query : std::string(query);
    } else {
      const std::string merged = path[0] == '/' ? std::string(path)
                                                : b->path.substr(0, b->path.rfind('/') + 1) + std::string(path);
      t.path = remove_dot_segments(merged[0] == '/' ? merged : "/" + merged, reference);
      t.query = std::string(query);
    }
  }
  std::string url = t.scheme + "://" + t.authority + t.path + t.query;
  if (!is_http_url(url) || t.authority.empty())
    throw IndexError(fmt::format("'{}' is no http(s) URL", std::string(reference.substr(0, 200))));
  return url;
}

std::string html_unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    const size_t semi = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    const std::string_view entity = s.substr(i + 1, semi - i - 1);
    uint32_t code = 0;
    if (entity == "amp") code = '&';
    else if (entity == "lt") code = '<';
    else if (entity == "gt") code = '>';
    else if (entity == "quot") code = '"';
    else if (entity == "apos") code = '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const std::string_view digits = entity.substr(hex ? 2 : 1);
      if (!digits.empty() && digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") == digits.npos)
        code = uint32_t(std::stoul(std::string(digits), nullptr, hex ? 16 : 10));
      if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0;
    }
    if (code == 0) {  // unknown or malformed: kept as written
      out += s[i];
      continue;
    }
    // UTF-8 of the code point.
    if (code < 0x80) {
      out += char(code);
    } else if (code < 0x800) {
      out += char(0xC0 | (code >> 6));
      out += char(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += char(0xE0 | (code >> 12));
      out += char(0x80 | ((code >> 6) & 0x3F));
      out += char(0x80 | (code & 0x3F));
    } else {
      out += char(0xF0 | (code >> 18));
      out += char(0x80 | ((code >> 12) & 0x3F));
      out += char(0x80 | ((code >> 6) & 0x3F));
      out += char(0x80 | (code & 0x3F));
    }
    i = semi;
  }
  return out;
}

ProjectPage page_from_legacy(const ProjectDoc& doc) {
  ProjectPage page;
  page.shape = PageShape::LegacyJson;
  page.latest = doc.version;
  page.home_page = doc.home_page;
  page.project_urls = doc.project_urls;
  auto add = [&](const ReleaseFile& r, const std::string& version) {
    // Name and URL as the document gives them, as fetch always took them: the download
    // refuses a URL that is no http(s) one, and a name that is no plain one, for that file alone.
    PageFile f;
    f.filename = r.filename;
    f.url = r.url;
    f.sha256 = r.sha256;
    if (r.has_size) f.size = r.size;
    f.upload_time = r.upload_time;
    f.yanked = r.yanked;
    f.version = version;
    // The legacy API says what each file is; its word is taken as it always was.
    f.kind = r.packagetype == "sdist" ? FileKind::Sdist : r.packagetype == "bdist_wheel" ? FileKind::Wheel : FileKind::Other;
    page.files.push_back(std::move(f));
  };
  if (doc.releases) {
    page.versions.emplace();
    page.upload_times = true;
    bool latest_listed = false;
    for (const auto& [version, files] : *doc.releases) {
      page.versions->push_back(version);
      latest_listed = latest_listed || version == doc.version;
      for (const ReleaseFile& f : files) add(f, version);
    }
    // A `releases` without info.version's key: that release's files are those of `urls`.
    if (!latest_listed)
      for (const ReleaseFile& f : doc.urls) add(f, doc.version);
  } else {
    for (const ReleaseFile& f : doc.urls) add(f, doc.version);
  }
  return page;
}

std::string release_date(const ProjectPage& page, const std::string& version) {
  std::string earliest;
  for (const PageFile& f : page.files)
    if (!version.empty() && f.version == version && !f.upload_time.empty() &&
        (earliest.empty() || f.upload_time < earliest))
      earliest = f.upload_time;
  return earliest;
}

ProjectPage parse_simple_json(std::string_view body, const std::string& page_url) {
  const nlohmann::json doc = parse_index_json(body, "the project's simple JSON");
  if (!doc.is_object()) wrong("the project's simple JSON", "an object", doc);
  ProjectPage page;
  page.shape = PageShape::SimpleJson;
  auto meta = doc.find("meta");
  if (meta == doc.end()) throw IndexError("meta: missing (a PEP 691 page names its api-version)");
  if (!meta->is_object()) wrong("meta", "an object", *meta);
  check_api_version(required_string(*meta, "api-version", "meta"), page);
  auto files = doc.find("files");
  if (files == doc.end()) throw IndexError("files: missing");
  if (!files->is_array()) wrong("files", "an array of files", *files);
  for (size_t i = 0; i < files->size(); i++) {
    const nlohmann::json& f = (*files)[i];
    const std::string where = fmt::format("files[{}]", i);
    if (!f.is_object()) wrong(where, "an object", f);
    PageFile out;
    out.filename = required_string(f, "filename", where);
    check_filename(out.filename, where + ".filename");
    try {
      out.url = resolve_url(page_url, required_string(f, "url", where));
    } catch (const IndexError& e) {
      throw IndexError(fmt::format("{}.url: {}", where, e.what()));
    }
    if (auto hashes = f.find("hashes"); hashes != f.end() && !hashes->is_null()) {
      if (!hashes->is_object()) wrong(where + ".hashes", "an object", *hashes);
      if (auto sha = hashes->find("sha256"); sha != hashes->end()) out.sha256 = checked_sha256(*sha, where + ".hashes.sha256");
    }
    out.requires_python = optional_string(f, "requires-python", where);
    if (auto y = f.find("yanked"); y != f.end() && !y->is_null()) {
      if (y->is_boolean()) out.yanked = y->get<bool>();
      else if (y->is_string()) out.yanked = true, out.yanked_reason = y->get<std::string>();
      else wrong(where + ".yanked", "true, false or a reason", *y);
    }
    read_metadata_offer(f, out, where);
    out.size = optional_count(f, "size", where);
    out.upload_time = optional_string(f, "upload-time", where);
    if (!out.upload_time.empty()) page.upload_times = true;
    classify(out);
    page.files.push_back(std::move(out));
  }
  if (auto versions = doc.find("versions"); versions != doc.end() && !versions->is_null()) {
    if (!versions->is_array()) wrong("versions", "an array of strings", *versions);
    page.versions.emplace();
    for (size_t i = 0; i < versions->size(); i++) {
      if (!(*versions)[i].is_string()) wrong(fmt::format("versions[{}]", i), "a string", (*versions)[i]);
      page.versions->push_back((*versions)[i].get<std::string>());
    }
  }
  key_files_to_versions(page);
  return page;
}

ProjectPage parse_simple_html(std::string_view body, const std::string& page_url) {
  ProjectPage page;
  page.shape = PageShape::SimpleHtml;
  std::string base = page_url;
  bool base_seen = false;  // the first <base href> counts, as in a browser
  size_t anchors = 0;
  for (size_t pos = body.find('<'); pos != std::string_view::npos; pos = body.find('<', pos)) {
    if (body.substr(pos, 4) == "<!--") {  // a comment hides whatever it holds
      const size_t end = body.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    Tag tag;
    const size_t after = read_tag(body, pos, tag);
    if (after == std::string_view::npos) break;  // an unterminated tag ends the page
    pos = after;
    if (tag.name == "base") {
      if (const std::string* href = tag.find("href"); href && !base_seen) {
        base_seen = true;
        try {
          base = resolve_url(page_url, *href);
        } catch (const IndexError& e) {
          throw IndexError(fmt::format("<base href>: {}", e.what()));
        }
      }
      continue;
    }
    if (tag.name != "a") continue;
    anchors++;
    if (!tag.find("href")) continue;
    const size_t text_end = body.find('<', after);
    const std::string_view text = body.substr(after, text_end == body.npos ? body.npos : text_end - after);
    page.files.push_back(file_of_anchor(tag, std::string(text), base, fmt::format("anchor {}", anchors)));
  }
  return page;
}

void read_core_metadata(std::string_view metadata, ProjectPage& page) {
  // RFC 822 headers end at the first empty line (the description follows); a continuation
  // line (leading space) belongs to the header before it, which neither of these needs.
  size_t pos = 0;
  while (pos < metadata.size()) {
    size_t eol = metadata.find('\n', pos);
    if (eol == std::string_view::npos) eol = metadata.size();
    std::string_view line = metadata.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (line[0] == ' ' || line[0] == '\t') continue;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = ascii_lower(std::string(line.substr(0, colon)));
    const std::string value = trimmed(std::string(line.substr(colon + 1)));
    if (name == "home-page") {
      page.home_page = value;
    } else if (name == "project-url") {
      const size_t comma = value.find(',');
      if (comma != std::string::npos) page.project_urls.emplace_back(trimmed(value.substr(0, comma)), trimmed(value.substr(comma + 1)));
    }
  }
}

}  // namespace pep765
