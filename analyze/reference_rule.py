"""pep765's two rules, written again over CPython's own AST: the reference the C++ rule is
checked against (tests/check_rule_cases.py on the host Python; tests/check_rule_cases_314.mjs
under CPython 3.14 itself, which parses every syntax the cases use), and what pep765 runs inside
CPython 3.14 for the files tree-sitter's grammar rejects (analyze/cpython314.mjs).

- cpython: what CPython 3.14 warns about (Python/ast_preprocess.c). A finally body, a loop
  body (not its `else`) and a function body each open a context; a return, break or continue
  is flagged iff the innermost context is a finally.
- exits: the statement really leaves the finally: a return if the nearest enclosing finally or
  function body is a finally; a break or continue if the nearest enclosing finally or loop body
  is a finally.

usage as a program: reference_rule.py FILE.py... prints LINE:COLUMN STATEMENT [cpython] [exits]
"""
import ast
import sys

FINALLY, LOOP, FUNCTION = 'finally', 'loop', 'function'
LOOPS = (ast.For, ast.AsyncFor, ast.While)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
JUMPS = {ast.Return: 'return', ast.Break: 'break', ast.Continue: 'continue'}
TRIES = (ast.Try,) + ((ast.TryStar,) if hasattr(ast, 'TryStar') else ())


def jumps_out_of_finally(tree):
    """[(line, column (1-based), statement, cpython, exits)] for every return, break or continue
    either rule flags, in source order."""
    hits = []

    def walk(node, contexts):
        kind = JUMPS.get(type(node))
        if kind:
            cpython = bool(contexts) and contexts[-1] == FINALLY
            wanted = (FINALLY, FUNCTION) if kind == 'return' else (FINALLY, LOOP)
            nearest = next((c for c in reversed(contexts) if c in wanted), None)
            exits = nearest == FINALLY
            if cpython or exits:
                hits.append((node.lineno, node.col_offset + 1, kind, cpython, exits))
        for field, value in ast.iter_fields(node):
            opened = None
            if isinstance(node, TRIES) and field == 'finalbody':
                opened = FINALLY
            elif isinstance(node, LOOPS) and field == 'body':
                opened = LOOP
            elif isinstance(node, FUNCTIONS) and field == 'body':
                opened = FUNCTION
            inner = contexts + [opened] if opened else contexts
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST):
                    walk(child, inner)

    walk(tree, [])
    return sorted(hits)


def main():
    for path in sys.argv[1:]:
        with open(path, 'rb') as f:
            tree = ast.parse(f.read(), path)
        for line, col, kind, cpython, exits in jumps_out_of_finally(tree):
            flags = ' '.join(name for name, on in (('cpython', cpython), ('exits', exits)) if on)
            print(f'{path}:{line}:{col} {kind} {flags}')


if __name__ == '__main__':
    main()
