// The confirm stage: CPython 3.14's own verdict where tree-sitter's grammar is unsure.
//
// tree-sitter-python lags the language (type-parameter defaults and starred match
// subjects still give error nodes in 0.25), so a file it rejects may be valid Python, and the
// hits in it come from an error-recovered tree. For each such file in the store (parse
// `error`, not yet confirmed), this stage reads its bytes again from its archive and asks
// CPython 3.14 itself (pyodide under node): does it compile, and which jumps leave a finally,
// under both rules, over CPython's own AST (the cpython flags are its own SyntaxWarnings).
// The store then says CPython's verdict: parse `ok` with CPython's hits (note
// `cpython314_parses`), or still `error` (note `cpython314_rejects`).
//
// Without node and pyodide this stage does not run, and tree-sitter's verdict stands: the file
// counts as not parsing and its hits are marked as found in an erroneous parse.
#pragma once
#include <cstddef>
#include <string>

namespace pep765 {

struct ConfirmOptions {
  std::string db_path = "pep765.sqlite";
  std::string pyodide_dir;                // holds node_modules/pyodide (scripts/setup puts one in third_party/pyodide)
  std::string node = "node";
  size_t max_member_bytes = 32u << 20;    // larger files are left unconfirmed
};

struct ConfirmTotals {
  size_t candidates = 0, parses = 0, rejects = 0, unreadable = 0;
};

ConfirmTotals confirm_with_cpython314(const ConfirmOptions& options);

}  // namespace pep765
