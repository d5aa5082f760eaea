// Checks the `cpython` expectations of tests/data/rule_cases.txt against real CPython 3.14:
// each case is compiled under pyodide (CPython 3.14 as WebAssembly) and its SyntaxWarnings
// ("'return' in a 'finally' block" and the like) must be exactly the cases' cpython hits.
//
// usage: node check_rule_cases_314.mjs RULE_CASES.txt PYODIDE_DIR
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [casesPath, pyodideDir] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(pyodideDir), "node_modules", "x.js"));
const { loadPyodide } = require("pyodide");
const py = await loadPyodide();
const version = py.runPython("import sys; sys.version.split()[0]");
if (!version.startsWith("3.14")) {
  console.log(`pyodide runs Python ${version}, not 3.14`);
  process.exit(1);
}

// The same format tests/rule_cases.py reads.
const cases = [];
let current = null, mode = null;
for (const line of readFileSync(casesPath, "utf8").split("\n")) {
  if (line.startsWith("=== ")) {
    current = { name: line.slice(4), source: "", hits: [] };
    cases.push(current);
    mode = "src";
  } else if (line === "--- hits") {
    mode = "hits";
  } else if (mode === "src") {
    current.source += line + "\n";
  } else if (mode === "hits" && line.trim()) {
    const [pos, kind, ...flags] = line.trim().split(/\s+/);
    if (flags.includes("cpython")) current.hits.push(`${pos.split(":")[0]} ${kind}`);
  }
}

py.runPython(`
import warnings
def finally_warnings(source):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            compile(source, "<case>", "exec")
        except SyntaxError as e:
            return [f"does not compile: {e}"]
    out = []
    for w in caught:
        if issubclass(w.category, SyntaxWarning) and "finally" in str(w.message):
            out.append(f"{w.lineno} {str(w.message).split(chr(39))[1]}")
    return out
`);
const check = py.globals.get("finally_warnings");
let failed = 0;
for (const c of cases) {
  const got = check(c.source).toJs().sort();
  const want = [...c.hits].sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    failed++;
    console.log(`MISMATCH ${c.name}\n  expected ${JSON.stringify(want)}\n  python ${version} ${JSON.stringify(got)}`);
  }
}
console.log(`CPython ${version}: ${cases.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
