// What CPython 3.14 checks of a file's layout before its grammar: run over every file, so a
// census knows which files CPython rejects without parsing the ~95% that hold no `finally`.
//
// Two kinds of finding:
// - `rejected`: the layout breaks a rule of CPython's tokenizer or of its block structure,
//   which it reports whatever the rest of the file says: tabs and spaces that compare
//   differently at tab sizes 8 and 1 (TabError), a dedent to no enclosing level, more than
//   99 levels, an indented block after a line that opens none ("unexpected indent"), no
//   indented block after a line ending in `:` ("expected an indented block"), brackets nested
//   past 200; a `return`, `yield` or `await` starting a line outside any function, a `break`
//   or `continue` starting a line outside a loop (the compiler's checks); and two statements
//   only Python 2 has that tree-sitter's grammar accepts: `raise
//   E, value` and tuple parameters (`def f((x, y)):`). These are exact rules, stated over the
//   logical lines the scan finds; the file
//   is recorded as not parsing, with the rule's name in its notes (and CPython 3.14 itself
//   confirms it where the confirm stage runs).
// - `suspect`: a sign of syntax error only a parse can settle: a logical line that starts
//   with two names (`print x`, `exec code`, `importx os`: no Python 3 statement does, bar
//   keywords and soft keywords), or a text the scan cannot follow (an
//   unterminated string; also valid PEP 701 f-strings the scan does not read). Such a file is
//   parsed whole, and the parse decides.
#pragma once
#include <string_view>

namespace pep765 {

struct StructureCheck {
  const char* rejected = nullptr;  // the rule broken, as stored in notes; nullptr when none
  bool suspect = false;            // parse the file to learn whether it parses
  const char* suspect_why = nullptr;  // the first sign: two_names, name_then_string, lost_track
};

struct RegionLines;

// `text` is the source without a byte order mark and with lone '\r' already made '\n'. With
// `lines`, the same pass collects the logical lines the region scan needs (analyze/regions.h).
StructureCheck check_structure(std::string_view text, RegionLines* lines = nullptr);

// Whether CPython reads `bytes` as UTF-8: no coding cookie on its first two lines (PEP 263), or
// one naming UTF-8. Such a source that is not valid UTF-8, even in a comment, is refused.
bool declared_utf8(std::string_view bytes);

}  // namespace pep765
