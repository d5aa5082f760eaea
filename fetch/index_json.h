// The package index's JSON, checked where it enters. Every document the index (or a list) sends
// is untrusted: it is parsed only within a nesting limit, and the fields fetch uses are read
// into typed structs here, once, each wrong type or value naming the field. Past this file
// fetch works on checked data only.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pep765 {

// A document the index sent that cannot be used, with the field and the reason.
struct IndexError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Deeper documents are refused before parsing: PyPI's are a few levels deep, and a document
// nested 100,000 deep exhausts the stack of any recursive reader (or writer) of it.
constexpr int kMaxJsonDepth = 64;

// Parses an index document: valid JSON within kMaxJsonDepth, else IndexError. `what` names
// the document in the message ("the project's JSON", "the top list").
nlohmann::json parse_index_json(std::string_view body, const char* what);

struct ReleaseFile {
  std::string filename, url, sha256, upload_time, packagetype;
  uint64_t size = 0;      // as declared; 0 when the index does not say
  bool has_size = false;
  bool yanked = false;
};

// The PyPI JSON API document of one project ({index}/pypi/{name}/json), typed.
struct ProjectDoc {
  std::string version;                                     // info.version ("" when absent)
  std::string home_page;                                   // info.home_page
  std::vector<std::pair<std::string, std::string>> project_urls;  // info.project_urls, label -> URL
  // releases: version -> its files; absent where the index leaves the (deprecated) key out.
  std::optional<std::vector<std::pair<std::string, std::vector<ReleaseFile>>>> releases;
  std::vector<ReleaseFile> urls;                           // the latest release's files
};

// Checks and converts a parsed document; IndexError names the first field that is wrong
// (`releases["1.0"][2].size: expected a non-negative integer, got "big"`).
ProjectDoc project_from_json(const nlohmann::json& doc);

// parse_index_json, then project_from_json.
ProjectDoc parse_project(std::string_view body);

// The checks every reader of an index document uses, each naming the field in its IndexError.
namespace index_fields {
[[noreturn]] void wrong(const std::string& field, const char* expected, const nlohmann::json& got);
std::string quoted(const std::string& key);                     // a key as JSON shows it
std::string optional_string(const nlohmann::json& obj, const char* key, const std::string& where);  // absent, null: ""
std::string required_string(const nlohmann::json& obj, const char* key, const std::string& where);  // non-empty
std::optional<uint64_t> optional_count(const nlohmann::json& obj, const char* key, const std::string& where);
std::string checked_sha256(const nlohmann::json& v, const std::string& field);  // 64 hex digits, lower-cased
}  // namespace index_fields

// A number of a list or header, clamped: digits only, saturating at `max` (no overflow, no
// exception). nullopt when `text` is empty or not all digits.
std::optional<uint64_t> parse_count(std::string_view text, uint64_t max);

}  // namespace pep765
