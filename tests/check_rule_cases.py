#!/usr/bin/env python3
"""Checks every expectation in tests/data/rule_cases.txt, both rules, against the reference rule
(analyze/reference_rule.py) over the host Python's own parser, so the C++ unit test cannot drift
from CPython's AST. Cases in syntax newer than the host Python (t-strings, PEP 758 ...) are left
to tests/check_rule_cases_314.mjs, which runs the same reference rule under CPython 3.14.

usage: check_rule_cases.py CASES.txt
"""
import ast, os, sys, warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'analyze'))
from reference_rule import jumps_out_of_finally  # noqa: E402
from rule_cases import read_cases  # noqa: E402


def main():
    warnings.simplefilter('ignore')
    failed = newer = 0
    cases = read_cases(sys.argv[1])
    for name, src, expected in cases:
        try:
            tree = ast.parse(src)
        except SyntaxError:
            newer += 1   # syntax newer than this Python: the 3.14 check covers it
            continue
        got = jumps_out_of_finally(tree)
        if got != sorted(expected):
            failed += 1
            print(f'MISMATCH {name}:\n  expected {sorted(expected)}\n  reference {got}')
    version = '.'.join(map(str, sys.version_info[:2]))
    print(f'Python {version}: {len(cases) - failed - newer} passed, {failed} failed '
          f'({newer} cases in newer syntax left to the CPython 3.14 check)')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
