#include "analyze/analyze_file.h"
#include "analyze/structure_check.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "analyze/regions.h"
#include "common/enum_names.h"
#include "common/timings.h"

namespace pep765 {

// In the order of the enums' values: as contents.parse and contents.parse_scope spell them.
constexpr const char* kParseOutcomeNames[] = {"skipped", "ok", "error", "too_large"};
constexpr const char* kParseScopeNames[] = {"none", "regions", "whole"};

const char* parse_outcome_name(ParseOutcome p) { return enum_name(p, kParseOutcomeNames); }
const char* parse_scope_name(ParseScope s) { return enum_name(s, kParseScopeNames); }

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

// What the parses of a file found, together.
struct Parsed {
  bool too_large = false;  // some unit (or the whole text) is over the parse limit
  bool errors = false;     // error nodes, or Python-2-only syntax
  bool python2 = false;
  std::vector<JumpHit> hits;
};

void take(Parsed& into, TSTree* tree, std::string_view text) {
  PhaseClock clock("walk tree");
  TreeFindings found = find_finally_jumps(tree, text);
  into.python2 |= found.python2_syntax;
  into.errors |= ts_node_has_error(ts_tree_root_node(tree)) || found.python2_syntax;
  for (JumpHit& h : found.hits) into.hits.push_back(std::move(h));
}

// Parses each unit on its own (bounded memory: one unit's tree at a time).
Parsed parse_units(const std::vector<ParseUnit>& units, std::string_view text, PythonParser& parser,
                   size_t max_bytes, const char* phase) {
  Parsed parsed;
  for (const ParseUnit& unit : units)
    if (unit.bytes > max_bytes) {
      parsed.too_large = true;
      return parsed;
    }
  std::vector<TSRange> ranges;
  for (const ParseUnit& unit : units) {
    ranges.clear();
    for (const SourceRange& r : unit.ranges)
      ranges.push_back({{r.start_row, r.start_column}, {r.end_row, r.end_column}, r.start_byte, r.end_byte});
    Tree tree;
    {
      PhaseClock clock(phase);
      tree.reset(parser.parse(text, &ranges));
    }
    take(parsed, tree.get(), text);
  }
  return parsed;
}

Parsed parse_whole(std::string_view text, PythonParser& parser, size_t max_bytes) {
  Parsed parsed;
  if (text.size() > max_bytes) {
    parsed.too_large = true;
    return parsed;
  }
  Tree tree;
  {
    PhaseClock clock("parse whole");
    tree.reset(parser.parse(text, nullptr));
  }
  take(parsed, tree.get(), text);
  return parsed;
}

void settle(FileAnalysis& result, Parsed&& parsed, ParseScope scope) {
  result.parse = parsed.errors ? ParseOutcome::Errors : ParseOutcome::Ok;
  result.scope = scope;
  result.python2_syntax = parsed.python2;
  result.hits = std::move(parsed.hits);
}

// Parses what the file needs (the statements whose finally clause holds a jump keyword, or all
// of it), and settles its parse status and hits.
// `lines`: the logical lines the layout check collected, or nullptr (the scan makes its own).
void analyze_parsed(FileAnalysis& result, std::string_view text, PythonParser& parser, const FileOptions& mode,
                    RegionLines* lines) {
  const size_t limit = mode.max_parse_bytes;
  auto regions_of = [&](Select select) {
    PhaseClock clock("scan regions");
    return lines ? select_regions(text, *lines, select) : scan_regions(text, select);
  };
  RegionScan scan = regions_of(mode.parse_all ? Select::EveryStatement : Select::JumpInFinally);
  // No finally clause holds a jump keyword (or `finally` is only in strings and comments): no
  // hit is possible, and the file's parse status is its layout's, as for a file without one.
  if (scan.sure && !scan.has_jump_in_finally && !mode.parse_all) return;
  Parsed regions;
  if (scan.sure) {
    regions = parse_units(scan.units, text, parser, limit, "parse regions");
    if (!regions.too_large && !regions.errors) {
      if (mode.parse_all || regions.hits.empty()) {
        settle(result, std::move(regions), mode.parse_all ? ParseScope::Whole : ParseScope::Regions);
        return;
      }
      // A file with hits is checked whole, statement by statement (hits are rare, so this is
      // cheap): only the whole file says whether it really parses, and its hits must say so.
      RegionScan every = regions_of(Select::EveryStatement);
      Parsed whole = parse_units(every.units, text, parser, limit, "parse whole");
      if (!whole.too_large) {
        settle(result, std::move(whole), ParseScope::Whole);
        return;
      }
      settle(result, std::move(regions), ParseScope::Regions);
      return;
    }
  }
  // The scan lost track, or the statements it picked do not parse: parse the text whole,
  // where the parse limit allows, so a scan mistake cannot cost a hit.
  Parsed whole = parse_whole(text, parser, limit);
  if (!whole.too_large) {
    settle(result, std::move(whole), ParseScope::Whole);
  } else if (scan.sure && !regions.too_large) {
    settle(result, std::move(regions), ParseScope::Regions);  // broken statements, too large to redo whole
  } else {
    result.parse = ParseOutcome::TooLarge;
  }
}

}  // namespace

FileAnalysis analyze_file(std::string_view bytes, PythonParser& parser, const FileOptions& options) {
  FileAnalysis result;
  {
    PhaseClock clock("count lines");
    result.facts = text_facts(bytes);
  }
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
  if (text.size() > UINT32_MAX) {
    result.parse = ParseOutcome::TooLarge;
    return result;
  }
  // A file that may hold a hit needs its logical lines for the region scan as well: the layout
  // check collects them in its pass.
  RegionLines lines;
  RegionLines* const collected = result.facts.has_finally_bytes || options.parse_all ? &lines : nullptr;
  StructureCheck structure;
  {
    PhaseClock clock("check structure");
    structure = check_structure(text, collected);
  }
  // What CPython refuses before it tokenizes: NUL bytes, and bytes that are not UTF-8 where
  // the source is read as UTF-8 (no coding cookie, or one naming UTF-8).
  if (!structure.rejected && result.facts.has_nul) structure.rejected = "nul";  // as the fact is noted
  if (!structure.rejected && result.facts.invalid_utf8 && declared_utf8(bytes)) structure.rejected = "undecodable_utf8";
  result.rejected_layout = structure.rejected;
  if (structure.rejected && std::string_view(structure.rejected) == "too_deeply_nested") {
    // CPython refuses it before parsing, and a parser's stack is what such a file attacks.
    result.parse = ParseOutcome::Errors;
    result.scope = ParseScope::Whole;
    return result;
  }
  // A file without `finally` holds no hit and is not parsed (nor is one whose finally clauses
  // hold no jump keyword, below). Its parse status is its layout's
  // (which CPython checks before the grammar); where the check sees a sign of syntax error
  // only a parse can settle, it is parsed whole for its status alone.
  FileOptions mode = options;
  if (!result.facts.has_finally_bytes && !options.parse_all) {
    if (structure.rejected) {
      result.parse = ParseOutcome::Errors;
      result.scope = ParseScope::Whole;
      return result;
    }
    if (!structure.suspect) return result;
    mode.parse_all = true;
  }
  if (structure.suspect) mode.parse_all = true;  // with a finally too: the statements around it may be what fails
  analyze_parsed(result, text, parser, mode, collected);
  if (structure.rejected && result.parse != ParseOutcome::TooLarge) {
    // The grammar may accept what the layout rules reject (tree-sitter knows no TabError).
    result.parse = ParseOutcome::Errors;
    if (result.scope == ParseScope::None) result.scope = ParseScope::Whole;
  }
  return result;
}

}  // namespace pep765
