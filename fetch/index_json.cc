#include "fetch/index_json.h"

#include <fmt/format.h>

#include <cctype>

#include "common/ascii.h"

namespace pep765 {

namespace index_fields {

// A short picture of a wrong value, for the message (never the whole of a huge value).
std::string shown(const nlohmann::json& v) {
  std::string s = v.is_structured() ? (v.is_object() ? "an object" : "an array")
                                    : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

// A key as JSON shows it, whatever bytes it holds.
std::string quoted(const std::string& key) {
  return nlohmann::json(key).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

[[noreturn]] void wrong(const std::string& field, const char* expected, const nlohmann::json& got) {
  throw IndexError(fmt::format("{}: expected {}, got {}", field, expected, shown(got)));
}

// An optional string: absent or null gives "".
std::string optional_string(const nlohmann::json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  if (!it->is_string()) wrong(where + "." + key, "a string", *it);
  return it->get<std::string>();
}

std::string required_string(const nlohmann::json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) throw IndexError(fmt::format("{}.{}: missing", where, key));
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) wrong(where + "." + key, "a non-empty string", *it);
  return it->get<std::string>();
}

std::string checked_sha256(const nlohmann::json& v, const std::string& field) {
  if (!v.is_string()) wrong(field, "64 hex digits", v);
  std::string sha = ascii_lower(v.get<std::string>());
  if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos) wrong(field, "64 hex digits", v);
  return sha;
}

std::optional<uint64_t> optional_count(const nlohmann::json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<int64_t>() >= 0))
    wrong(where + "." + key, "a non-negative integer", *it);
  return it->get<uint64_t>();
}

}  // namespace index_fields

namespace {

using namespace index_fields;

ReleaseFile file_from_json(const nlohmann::json& f, const std::string& where) {
  if (!f.is_object()) wrong(where, "an object", f);
  ReleaseFile r;
  r.filename = required_string(f, "filename", where);
  r.url = required_string(f, "url", where);
  r.packagetype = optional_string(f, "packagetype", where);
  if (std::optional<uint64_t> size = optional_count(f, "size", where)) {
    r.size = *size;
    r.has_size = true;
  }
  r.upload_time = optional_string(f, "upload_time_iso_8601", where);
  if (r.upload_time.empty()) r.upload_time = optional_string(f, "upload_time", where);
  if (auto it = f.find("digests"); it != f.end() && !it->is_null()) {
    if (!it->is_object()) wrong(where + ".digests", "an object", *it);
    if (std::string sha = optional_string(*it, "sha256", where + ".digests"); !sha.empty())
      r.sha256 = checked_sha256((*it)["sha256"], where + ".digests.sha256");
  }
  // PEP 592: false, true, or the reason it was yanked (a string, which means true).
  if (auto it = f.find("yanked"); it != f.end() && !it->is_null()) {
    if (it->is_boolean()) r.yanked = it->get<bool>();
    else if (it->is_string()) r.yanked = true;
    else wrong(where + ".yanked", "true, false or a reason", *it);
  }
  return r;
}

std::vector<ReleaseFile> files_from_json(const nlohmann::json& list, const std::string& where) {
  if (!list.is_array()) wrong(where, "an array of files", list);
  std::vector<ReleaseFile> out;
  out.reserve(list.size());
  for (size_t i = 0; i < list.size(); i++) out.push_back(file_from_json(list[i], fmt::format("{}[{}]", where, i)));
  return out;
}

}  // namespace

nlohmann::json parse_index_json(std::string_view body, const char* what) {
  // The nesting depth, counted outside strings, before anything is built.
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); i++) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        throw IndexError(fmt::format("{} is nested more than {} levels deep", what, kMaxJsonDepth));
    } else if (c == ']' || c == '}') {
      depth--;
    }
  }
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) throw IndexError(fmt::format("{} is not valid JSON", what));
  return doc;
}

ProjectDoc project_from_json(const nlohmann::json& doc) {
  if (!doc.is_object()) wrong("the project's JSON", "an object", doc);
  ProjectDoc p;
  if (auto info = doc.find("info"); info != doc.end() && !info->is_null()) {
    if (!info->is_object()) wrong("info", "an object", *info);
    p.version = optional_string(*info, "version", "info");
    p.home_page = optional_string(*info, "home_page", "info");
    if (auto urls = info->find("project_urls"); urls != info->end() && !urls->is_null()) {
      if (!urls->is_object()) wrong("info.project_urls", "an object", *urls);
      for (auto it = urls->begin(); it != urls->end(); ++it) {
        if (it->is_null()) continue;
        if (!it->is_string()) wrong(fmt::format("info.project_urls[{}]", quoted(it.key())), "a string", *it);
        p.project_urls.emplace_back(it.key(), it->get<std::string>());
      }
    }
  }
  if (auto releases = doc.find("releases"); releases != doc.end() && !releases->is_null()) {
    if (!releases->is_object()) wrong("releases", "an object", *releases);
    p.releases.emplace();
    for (auto it = releases->begin(); it != releases->end(); ++it)
      p.releases->emplace_back(it.key(),
                               files_from_json(it.value(), fmt::format("releases[{}]", quoted(it.key()))));
  }
  if (auto urls = doc.find("urls"); urls != doc.end() && !urls->is_null()) p.urls = files_from_json(*urls, "urls");
  return p;
}

ProjectDoc parse_project(std::string_view body) { return project_from_json(parse_index_json(body, "the project's JSON")); }

std::optional<uint64_t> parse_count(std::string_view text, uint64_t max) {
  if (text.empty()) return std::nullopt;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = uint64_t(c - '0');
    n = n > (max - digit) / 10 ? max : n * 10 + digit;
  }
  return std::min(n, max);
}

}  // namespace pep765
