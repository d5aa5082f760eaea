// Fuzz target: the index's JSON, as fetch takes it (a project page, a top list, a simple
// index). Whatever the bytes, each reader either gives checked data or throws the one error
// kind fetch records against the project; nothing else may escape, and nothing may crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fetch/index_json.h"
#include "fetch/release.h"
#include "fetch/sample.h"
#include "fetch/toplist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pep765;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    ProjectDoc doc = parse_project(body);
    choose_release(doc, std::nullopt);
    choose_release(doc, std::string("2024-10-17"));
    repository_url(doc);
  } catch (const IndexError&) {
  }
  try {
    parse_top_list(body, 5);
  } catch (const std::runtime_error&) {
  }
  try {
    parse_project_list(body);
  } catch (const std::runtime_error&) {
  }
  parse_count(body.substr(0, 80), 86400);
  return 0;
}
