// Compiles Python sources with CPython 3.14 (pyodide) and prints its SyntaxWarnings about
// jumps out of finally. Input (stdin): JSON lines {"key", "source"}; output (stdout): JSON lines
// {"key", "compiled": bool, "warnings": [[line, "return"|"break"|"continue"], ...]}.
// usage: node compile314.mjs PYODIDE_DIR < sources.jsonl > warnings.jsonl
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

const require = createRequire(path.join(path.resolve(process.argv[2]), "node_modules", "x.js"));
const { loadPyodide } = require("pyodide");
const py = await loadPyodide();
py.runPython(`
import json, warnings
def finally_warnings(line):
    item = json.loads(line)
    out = {"key": item["key"], "compiled": True, "warnings": []}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            compile(item["source"].encode("utf-8", "surrogateescape"), "<file>", "exec")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            out["compiled"] = False
    for w in caught:
        text = str(w.message)
        if issubclass(w.category, SyntaxWarning) and "in a 'finally' block" in text:
            out["warnings"].append([w.lineno, text.split("'")[1]])
    return json.dumps(out)
`);
const check = py.globals.get("finally_warnings");
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) if (line.trim()) process.stdout.write(check(line) + "\n");
