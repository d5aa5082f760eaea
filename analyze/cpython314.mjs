// CPython 3.14's own verdict on files tree-sitter's grammar rejects. Runs under node with
// pyodide (CPython 3.14 as WebAssembly); pep765 starts it with the reference rule's source and
// talks to it over pipes. Input: JSON lines {"key", "b64"} (the file's bytes, base64); output:
// one JSON line each, {"key", "compiled", "error", "hits": [[line, column, statement, cpython,
// exits], ...]}: whether CPython 3.14 compiles the bytes (the error if not), and the jumps out
// of finally under both rules over CPython's own AST, the cpython flags being its own
// SyntaxWarnings.
// usage: node --input-type=module -e SCRIPT PYODIDE_DIR REFERENCE_RULE_SOURCE
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

const require = createRequire(path.join(path.resolve(process.argv[1]), "node_modules", "x.js"));
const { loadPyodide } = require("pyodide");
const py = await loadPyodide();
py.FS.writeFile("/tmp/reference_rule.py", process.argv[2]);
py.runPython(`
import ast, base64, json, sys, warnings
sys.path.insert(0, "/tmp")
from reference_rule import jumps_out_of_finally

def verdict(line):
    item = json.loads(line)
    source = base64.b64decode(item["b64"])
    out = {"key": item["key"], "compiled": True, "error": "", "hits": []}
    warned = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            compile(source, "<file>", "exec")
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
            out["compiled"] = False
            out["error"] = f"{type(e).__name__}: {e}"[:300]
            return json.dumps(out)
    for w in caught:
        text = str(w.message)
        if issubclass(w.category, SyntaxWarning) and "in a 'finally' block" in text:
            warned.add((w.lineno, text.split("'")[1]))
    for l, c, kind, cp, ex in jumps_out_of_finally(tree):
        # The cpython flag is CPython's own warning; the reference rule must agree with it.
        out["hits"].append([l, c, kind, (l, kind) in warned, ex])
    return json.dumps(out)
`);
const check = py.globals.get("verdict");
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
process.stdout.write(JSON.stringify({ ready: py.runPython("import sys; sys.version.split()[0]") }) + "\n");
for await (const line of rl) if (line.trim()) process.stdout.write(check(line) + "\n");
