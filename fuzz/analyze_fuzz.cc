// Fuzz target: the analyzer on raw bytes. Besides crashes and sanitizer reports it checks one
// property: where the whole-file parse succeeds without errors and the default analysis
// parsed what it chose (or chose to parse nothing), both find the same hits. A scanner that
// cut a statement wrongly, or passed over a finally clause that holds a jump, breaks this.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "analyze/analyze_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pep765;
  static PythonParser parser;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  FileOptions regions;
  regions.max_parse_bytes = 1 << 20;
  FileAnalysis a = analyze_file(bytes, parser, regions);
  FileOptions whole = regions;
  whole.parse_all = true;
  FileAnalysis b = analyze_file(bytes, parser, whole);
  if (a.facts.lines != b.facts.lines) abort();
  if (b.parse == ParseOutcome::Ok && (a.parse == ParseOutcome::Ok || a.parse == ParseOutcome::Skipped)) {
    bool same = a.hits.size() == b.hits.size();
    for (size_t i = 0; same && i < a.hits.size(); i++)
      same = a.hits[i].line == b.hits[i].line && a.hits[i].column == b.hits[i].column &&
             a.hits[i].cpython == b.hits[i].cpython && a.hits[i].exits == b.hits[i].exits;
    if (!same) {
      std::fprintf(stderr, "default analysis found %zu hits (%s), whole parse %zu\n", a.hits.size(),
                   parse_outcome_name(a.parse), b.hits.size());
      abort();
    }
  }
  return 0;
}
