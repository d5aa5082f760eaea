// Checks tests/data/rule_cases.txt against real CPython 3.14 (pyodide: CPython as WebAssembly):
// each case must compile, its SyntaxWarnings ("'return' in a 'finally' block" and the like)
// must be exactly the cases' cpython hits, and the reference rule (analyze/reference_rule.py) run
// over CPython 3.14's own AST must give exactly the expected hits under both rules. So the
// cases in syntax only 3.14 parses (t-strings, PEP 758 ...) are checked whole here.
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
    current.expected = current.expected || [];
    current.expected.push(`${pos} ${kind} ${flags.includes("cpython")} ${flags.includes("exits")}`);
  }
}

py.FS.writeFile("/tmp/reference_rule.py", readFileSync(new URL("../analyze/reference_rule.py", import.meta.url), "utf8"));
py.runPython(`
import ast, sys, warnings
sys.path.insert(0, "/tmp")
from reference_rule import jumps_out_of_finally
def reference_hits(source):
    return [f"{l}:{c} {k} {str(cp).lower()} {str(ex).lower()}" for l, c, k, cp, ex in jumps_out_of_finally(ast.parse(source))]
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
const reference = py.globals.get("reference_hits");
let failed = 0;
for (const c of cases) {
  const got = check(c.source).toJs().sort();
  const want = [...c.hits].sort();
  const ruleGot = got.some((w) => w.startsWith("does not compile")) ? [] : reference(c.source).toJs().sort();
  const ruleWant = [...(c.expected || [])].sort();
  if (JSON.stringify(got) !== JSON.stringify(want) || JSON.stringify(ruleGot) !== JSON.stringify(ruleWant)) {
    failed++;
    console.log(`MISMATCH ${c.name}\n  expected warnings ${JSON.stringify(want)}\n  python ${version} ${JSON.stringify(got)}` +
                `\n  expected hits ${JSON.stringify(ruleWant)}\n  reference rule ${JSON.stringify(ruleGot)}`);
  }
}
console.log(`CPython ${version}: ${cases.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
