#include "analyze/regions.h"

#include "analyze/logical_lines.h"

#include <algorithm>
#include <cstring>

namespace pep765 {

namespace {

// Class nesting we split through; deeper classes are parsed whole (and hostile nesting
// cannot drive this recursion deep).
constexpr size_t kMaxClassDepth = 6;

bool starts_with_keyword(std::string_view text, size_t at, std::string_view word) {
  if (text.compare(at, word.size(), word) != 0) return false;
  size_t after = at + word.size();
  return after >= text.size() || !is_word_byte(text[after]);
}

LineKind line_kind(std::string_view text, size_t at) {
  if (text[at] == '@') return LineKind::Decorator;
  for (std::string_view w : {"else", "elif", "except", "finally"})
    if (starts_with_keyword(text, at, w)) return LineKind::Continuation;
  if (starts_with_keyword(text, at, "class")) return LineKind::Class;
  return LineKind::Plain;
}

// Marks each `finally` line whose clause holds a jump keyword: on the line itself (`finally:
// return`) or on a line of the block below, which runs until a line indented no deeper. The
// keyword is a hard one, so outside strings and comments it is that statement; which jumps
// leave the clause is the parse's to say. Indentation that is neither deeper nor shallower
// (tabs against spaces) keeps the block open: a wider block only costs a parse. A `finally`
// that does not begin its line is no clause Python has; it is marked too, so the parse judges
// it.
void mark_jumps_in_finally(std::string_view text, std::vector<LogicalLine>& lines) {
  auto indent = [&](size_t k) { return text.substr(lines[k].start, lines[k].code - lines[k].start); };
  for (size_t k = 0; k < lines.size(); k++) {
    LogicalLine& line = lines[k];
    if (!line.has_finally) continue;
    if (!starts_with_keyword(text, line.code, "finally") || line.has_jump) {
      line.jump_in_finally = true;
      continue;
    }
    const std::string_view own = indent(k);
    for (size_t j = k + 1; j < lines.size(); j++) {
      const std::string_view ws = indent(j);
      if (ws.size() <= own.size() && own.substr(0, ws.size()) == ws) break;  // back at the clause's level or out
      if (lines[j].has_jump) {
        line.jump_in_finally = true;
        break;
      }
    }
  }
}

struct Splitter {
  std::string_view text;
  const std::vector<LogicalLine>& lines;
  Select select;
  std::vector<ParseUnit>& out;
  uint32_t eof_row, eof_column;

  std::string_view indent(size_t k) const {
    return text.substr(lines[k].start, lines[k].code - lines[k].start);
  }

  SourceRange range(size_t first, size_t end) const {  // lines [first, end)
    SourceRange r;
    r.start_byte = lines[first].start;
    r.start_row = lines[first].row;
    r.start_column = 0;
    if (end < lines.size()) {
      r.end_byte = lines[end].start;
      r.end_row = lines[end].row;
      r.end_column = 0;
    } else {
      r.end_byte = uint32_t(text.size());
      r.end_row = eof_row;
      r.end_column = eof_column;
    }
    return r;
  }

  void emit(const std::vector<SourceRange>& headers, SourceRange statement) {
    ParseUnit unit;
    unit.ranges = headers;
    unit.ranges.push_back(statement);
    for (const SourceRange& r : unit.ranges) unit.bytes += r.end_byte - r.start_byte;
    out.push_back(std::move(unit));
  }

  // Splits lines [first, end) into the statements at indentation `level`. False where some
  // line is indented inconsistently with the level (the parser must then see them all).
  bool group(size_t first, size_t end, std::string_view level,
             std::vector<std::pair<size_t, size_t>>& groups) const {
    bool decorators_only = false;
    for (size_t k = first; k < end; k++) {
      std::string_view ws = indent(k);
      if (ws == level) {
        const LineKind kind = lines[k].kind;
        if (!groups.empty() && (kind == LineKind::Continuation || decorators_only)) {
          groups.back().second = k + 1;
          decorators_only = decorators_only && kind == LineKind::Decorator;
        } else {
          groups.push_back({k, k + 1});
          decorators_only = kind == LineKind::Decorator;
        }
      } else if (!groups.empty() && ws.size() > level.size() && ws.substr(0, level.size()) == level) {
        groups.back().second = k + 1;
      } else {
        return false;
      }
    }
    return true;
  }

  bool wanted(size_t first, size_t end) const {
    if (select == Select::EveryStatement) return true;
    for (size_t k = first; k < end; k++)
      if (lines[k].jump_in_finally) return true;
    return false;
  }

  // Emits a unit for each wanted statement of [first, end) at `level`; a class is split into
  // its members, each unit carrying the class headers around it.
  bool split(size_t first, size_t end, std::string_view level, std::vector<SourceRange>& headers) {
    std::vector<std::pair<size_t, size_t>> groups;
    if (!group(first, end, level, groups)) return false;
    for (auto [g_first, g_end] : groups) {
      if (!wanted(g_first, g_end)) continue;
      size_t header = g_first;
      while (header < g_end && lines[header].kind == LineKind::Decorator) header++;
      const size_t body = header + 1;
      if (headers.size() < kMaxClassDepth && header < g_end && lines[header].kind == LineKind::Class &&
          body < g_end && !lines[header].has_finally) {
        std::string_view body_level = indent(body);
        if (body_level.size() > level.size() && body_level.substr(0, level.size()) == level) {
          const size_t mark = out.size();
          headers.push_back(range(g_first, body));
          const bool split_ok = split(body, g_end, body_level, headers);
          headers.pop_back();
          if (split_ok) continue;
          out.resize(mark);  // the class body is not regular enough to split: take it whole
        }
      }
      emit(headers, range(g_first, g_end));
    }
    return true;
  }
};

}  // namespace

// Collects the logical lines, and which of them hold a `finally` keyword or a jump keyword.
void LineCollector::line(uint32_t start, uint32_t code, uint32_t row, bool /*spaces_only*/) {
  out_.lines.push_back({start, code, row, line_kind(text_, code), false, false, false});
}

void LineCollector::keyword(size_t begin, size_t end) {
  if (out_.lines.empty()) return;
  if (end - begin == 7 && text_[begin] == 'f') {
    out_.lines.back().has_finally = true;
    out_.has_finally = true;
  } else {
    out_.lines.back().has_jump = true;
  }
}

RegionScan scan_regions(std::string_view text, Select select) {
  RegionLines lines;
  LineCollector collector(text, lines);
  lines.end = scan_logical_lines(text, collector);
  return select_regions(text, lines, select);
}

// Where the scan lost track (nesting too deep included: the layout check,
// analyze/structure_check.h, has already rejected such a file), the caller parses whole.
RegionScan select_regions(std::string_view text, RegionLines& collected, Select select) {
  RegionScan scan;
  scan.has_finally = collected.has_finally;
  if (collected.end != LineScanEnd::Complete) {
    scan.sure = false;
    return scan;
  }
  std::vector<LogicalLine>& lines = collected.lines;
  if (select == Select::JumpInFinally) {
    if (!scan.has_finally) return scan;
    mark_jumps_in_finally(text, lines);
    scan.has_jump_in_finally =
        std::any_of(lines.begin(), lines.end(), [](const LogicalLine& l) { return l.jump_in_finally; });
    if (!scan.has_jump_in_finally) return scan;
  }
  const uint32_t eof_row = logical_lines_detail::count_newlines(text.data(), 0, text.size());
  const size_t last_newline = text.rfind('\n');
  const uint32_t eof_column =
      uint32_t(last_newline == std::string_view::npos ? text.size() : text.size() - last_newline - 1);
  Splitter splitter{text, lines, select, scan.units, eof_row, eof_column};
  std::vector<SourceRange> headers;
  if (!lines.empty() && !splitter.split(0, lines.size(), "", headers)) {
    scan.sure = false;
    scan.units.clear();
  }
  return scan;
}

}  // namespace pep765
