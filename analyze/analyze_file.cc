#include "analyze/analyze_file.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "analyze/regions.h"
#include "common/timings.h"

namespace pep765 {

const char* parse_outcome_name(ParseOutcome p) {
  switch (p) {
    case ParseOutcome::Skipped: return "skipped";
    case ParseOutcome::Ok: return "ok";
    case ParseOutcome::Errors: return "error";
    case ParseOutcome::TooLarge: return "too_large";
  }
  return "?";
}

const char* parse_scope_name(ParseScope s) {
  switch (s) {
    case ParseScope::None: return "none";
    case ParseScope::Regions: return "regions";
    case ParseScope::Whole: return "whole";
  }
  return "?";
}

PythonParser::PythonParser() : parser_(ts_parser_new()) {
  if (!ts_parser_set_language(parser_, python_language()))
    throw std::runtime_error("tree-sitter refused the Python grammar (ABI mismatch)");
}

PythonParser::~PythonParser() { ts_parser_delete(parser_); }

TSTree* PythonParser::parse(std::string_view text, const std::vector<TSRange>* ranges) {
  if (ranges) ts_parser_set_included_ranges(parser_, ranges->data(), ranges->size());
  else ts_parser_set_included_ranges(parser_, nullptr, 0);
  TSTree* tree = ts_parser_parse_string(parser_, nullptr, text.data(), uint32_t(text.size()));
  if (!tree) throw std::runtime_error("tree-sitter returned no tree");
  return tree;
}

namespace {

struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

std::vector<TSRange> to_ts_ranges(const std::vector<SourceRange>& ranges) {
  std::vector<TSRange> out;
  out.reserve(ranges.size());
  for (const SourceRange& r : ranges)
    out.push_back({{r.start_row, r.start_column}, {r.end_row, r.end_column}, r.start_byte, r.end_byte});
  return out;
}

// Walks a tree into `result`; a whole-file tree also settles whether the file parses.
void walk(FileAnalysis& result, TSTree* tree, std::string_view text, ParseScope scope) {
  PhaseClock clock("walk tree");
  TreeFindings findings = find_finally_jumps(tree, text);
  result.hits = std::move(findings.hits);
  result.scope = scope;
  result.python2_syntax = findings.python2_syntax;
  const bool errors = ts_node_has_error(ts_tree_root_node(tree)) || findings.python2_syntax;
  result.parse = errors ? ParseOutcome::Errors : ParseOutcome::Ok;
}

}  // namespace

FileAnalysis analyze_file(std::string_view bytes, PythonParser& parser, const FileOptions& options) {
  FileAnalysis result;
  {
    PhaseClock clock("count lines");
    result.facts = text_facts(bytes);
  }
  if (!result.facts.has_finally_bytes && !options.parse_all) return result;

  // What CPython's tokenizer sees: no byte order mark, and a lone '\r' is a line break.
  std::string_view text = bytes;
  if (result.facts.has_bom) text.remove_prefix(3);
  std::string normalized;
  if (result.facts.has_lone_cr) {
    normalized.assign(text);
    for (size_t i = 0; i < normalized.size(); i++)
      if (normalized[i] == '\r' && (i + 1 == normalized.size() || normalized[i + 1] != '\n'))
        normalized[i] = '\n';
    text = normalized;
  }
  if (text.size() > options.max_parse_bytes || text.size() > UINT32_MAX) {
    result.parse = ParseOutcome::TooLarge;
    return result;
  }

  if (!options.parse_all) {
    RegionScan scan;
    {
      PhaseClock clock("scan regions");
      scan = scan_regions(text);
    }
    if (scan.sure && !scan.has_finally) return result;  // "finally" only in strings or comments
    if (scan.sure) {
      std::vector<TSRange> ranges = to_ts_ranges(scan.ranges);
      Tree tree;
      {
        PhaseClock clock("parse regions");
        tree.reset(parser.parse(text, &ranges));
      }
      if (!ts_node_has_error(ts_tree_root_node(tree.get()))) {
        walk(result, tree.get(), text, ParseScope::Regions);
        // A file with hits is parsed whole as well (hits are rare, so this is cheap): only the
        // whole file says whether it really parses, and its hits must say so.
        if (result.hits.empty() && result.parse == ParseOutcome::Ok) return result;
      } else {
        result.region_fallback = true;
      }
    }
  }

  Tree tree;
  {
    PhaseClock clock("parse whole");
    tree.reset(parser.parse(text, nullptr));
  }
  walk(result, tree.get(), text, ParseScope::Whole);
  return result;
}

}  // namespace pep765
