// Fuzz target: the index's documents, as fetch takes them (a project page in the legacy JSON,
// the Simple API's JSON or HTML, core metadata, a top list, a simple index). Whatever the bytes, each reader either gives checked data or throws the one error
// kind fetch records against the project; nothing else may escape, and nothing may crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fetch/index_json.h"
#include "fetch/project_page.h"
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
  // The Simple API's pages, JSON and HTML, and a file's core metadata.
  for (bool html : {false, true}) {
    try {
      ProjectPage page = html ? parse_simple_html(body, "http://127.0.0.1/simple/x/")
                              : parse_simple_json(body, "http://127.0.0.1/simple/x/");
      choose_release(page, std::nullopt);
      choose_release(page, std::string("2024-10-17"));
    } catch (const IndexError&) {
    }
  }
  {
    ProjectPage links;
    read_core_metadata(body, links);
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
