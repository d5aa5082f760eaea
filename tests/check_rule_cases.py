#!/usr/bin/env python3
"""Checks every expectation in tests/data/rule_cases.txt against CPython's own parser, through
the reference rule in shared/bench/oracle.py, so the C++ unit test cannot drift from CPython.

usage: check_rule_cases.py CASES.txt ORACLE.py
"""
import ast, importlib.util, os, sys, warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rule_cases import read_cases


def main():
    cases_path, oracle_path = sys.argv[1], sys.argv[2]
    spec = importlib.util.spec_from_file_location('oracle', oracle_path)
    oracle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(oracle)
    warnings.simplefilter('ignore')
    failed = 0
    cases = read_cases(cases_path)
    for name, src, expected in cases:
        finder = oracle.Finder()
        finder.visit(ast.parse(src))
        got = sorted((l, c + 1, k, cp, ex) for l, c, k, cp, ex in finder.hits)
        if got != sorted(expected):
            failed += 1
            print(f'MISMATCH {name}:\n  expected {sorted(expected)}\n  cpython  {got}')
    print(f'{len(cases) - failed} passed, {failed} failed')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
