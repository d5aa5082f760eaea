"""Reads tests/data/rule_cases.txt (the format is described at its top)."""


def read_cases(path):
    cases, name, src, hits, mode = [], None, [], [], None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('=== '):
            if name is not None:
                cases.append((name, '\n'.join(src) + '\n', hits))
            name, src, hits, mode = line[4:], [], [], 'src'
        elif line == '--- hits':
            mode = 'hits'
        elif mode == 'src':
            src.append(line)
        elif mode == 'hits' and line.strip():
            pos, kind, *flags = line.split()
            row, col = map(int, pos.split(':'))
            hits.append((row, col, kind, int('cpython' in flags), int('exits' in flags)))
    if name is not None:
        cases.append((name, '\n'.join(src) + '\n', hits))
    return cases
