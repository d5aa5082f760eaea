// Fuzz target: the archive reader on raw bytes (any format libarchive knows), each .py member
// then through the analyzer, as `analyze` does it.
#include <cstdint>
#include <string>

#include "analyze/analyze_file.h"
#include "extract/sources.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pep765;
  static PythonParser parser;
  auto reader = open_archive_in_memory(data, size);
  std::string member;
  char buf[4096];
  int members = 0;
  while (reader->next() && members++ < 64) {
    member.clear();
    int64_t got;
    while ((got = reader->read(buf, sizeof buf)) > 0 && member.size() < (1u << 20)) member.append(buf, size_t(got));
    if (got < 0 && reader->fatal()) break;
    FileOptions options;
    options.max_parse_bytes = 1 << 18;
    analyze_file(member, parser, options);
  }
  return 0;
}
