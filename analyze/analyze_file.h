// One file's analysis: its text facts, and the jumps out of `finally` in it.
#pragma once
#include <tree_sitter/api.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "analyze/finally_jumps.h"
#include "analyze/text_facts.h"

namespace pep765 {

enum class ParseOutcome : uint8_t {
  Skipped,   // no finally clause holding a jump keyword: it cannot hold a hit, so it was not parsed
  Ok,        // parsed (whole or the statements that can hold a hit) without error nodes
  Errors,    // error nodes, syntax only Python 2 has, or a layout CPython rejects: hits are marked erroneous
  TooLarge,  // a statement (or an unsplittable text) over the parse limit: no parse, in no rate
};
const char* parse_outcome_name(ParseOutcome p);

// Regions: only the statements whose finally clause holds a jump were parsed. Whole: every statement was,
// one at a time or the text in one parse.
enum class ParseScope : uint8_t { None, Regions, Whole };
const char* parse_scope_name(ParseScope s);

struct FileOptions {
  bool parse_all = false;                   // parse every file whole: exact parse status for all
  // The most text one parse may see. A parse needs about 40 bytes of memory per byte of
  // source, so this bounds each worker's memory (about 40 MB); a larger statement (or a file
  // the scan cannot split) is counted, not parsed.
  size_t max_parse_bytes = 1u << 20;
};

struct FileAnalysis {
  TextFacts facts;
  ParseOutcome parse = ParseOutcome::Skipped;
  ParseScope scope = ParseScope::None;
  bool python2_syntax = false;   // print / exec statements or `except E, e`
  // The layout rule CPython 3.14 rejects the file for (analyze/structure_check.h), stored in
  // notes: tab_error, unindent_mismatch, expected_indented_block, too_deeply_nested ...
  const char* rejected_layout = nullptr;
  std::vector<JumpHit> hits;
};

// A tree-sitter parser set up for Python; one per thread.
class PythonParser {
 public:
  PythonParser();
  ~PythonParser();
  PythonParser(const PythonParser&) = delete;
  PythonParser& operator=(const PythonParser&) = delete;
  // Parses `text`, only `ranges` of it when given. The caller deletes the tree.
  TSTree* parse(std::string_view text, const std::vector<TSRange>* ranges);

 private:
  TSParser* parser_;
};

FileAnalysis analyze_file(std::string_view bytes, PythonParser& parser, const FileOptions& options);

}  // namespace pep765
