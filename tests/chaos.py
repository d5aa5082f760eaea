"""Crash safety, proven by trials: `pep765 run` (fetch and analyze together) against a
loopback mirror is killed with SIGKILL at random moments, several times, then run to the end;
the store must equal that of a run never interrupted: the same packages, files, lines and hits,
nothing lost, nothing counted twice. Used by scripts/chaos (many trials) and the tests (a few).
"""
import os, random, shutil, signal, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Mirror, Server, publish, run, scratch, start, store  # noqa: E402

HIT = b'def f():\n    try:\n        return g()\n    except Exception:\n        pass\n    finally:\n        return 0\n'


def build_mirror(packages=40, seed=1):
    rng = random.Random(seed)
    m = Mirror()
    server = Server(m)
    for i in range(packages):
        name = f'chaos{i:03}'
        files = {}
        for k in range(rng.randint(3, 30)):
            body = b''.join(b'v%d_%d = %d\n' % (k, j, j) for j in range(rng.randint(5, 400)))
            files[f'{name}/m{k}.py'] = (HIT if rng.random() < 0.2 else b'') + body
        publish(m, name, '1.0', files)
    return m, server


def canonical(db, dest):
    """The store without row ids, times, attempt counts or where the files were put."""
    con = store(db)
    rel = lambda p: os.path.relpath(p, dest) if p else p
    out = {
        'artifacts': sorted((rel(r[0]),) + r[1:] for r in con.execute(
            'SELECT path, name, kind, size, status, error, files, version FROM artifacts')),
        'files': sorted((rel(r[0]),) + r[1:] for r in con.execute(
            'SELECT a.path, f.member, f.path, hex(f.hash) FROM files f JOIN artifacts a ON a.id = f.artifact_id')),
        'contents': sorted(con.execute('SELECT hex(hash), size, newlines, lines, parse, parse_scope, notes FROM contents '
                                       'WHERE hash IN (SELECT hash FROM files)')),
        'hits': sorted(con.execute('SELECT hex(hash), line, col, statement, cpython, exits, scope, try_line, handlers '
                                   'FROM hits WHERE hash IN (SELECT hash FROM files)')),
        'packages': sorted(con.execute('SELECT name, status, version, lacks FROM packages')),
        'selected': sorted(con.execute('SELECT p.name, s.rank, s.draw, s.in_sample, s.version, s.status FROM selected s '
                                       'JOIN packages p ON p.id = s.package_id')),
        'counted': sorted(rel(r[0]) for r in con.execute('SELECT path FROM counted_artifacts')),
        'downloads': sorted((r[0], r[1], rel(r[2]), r[3]) for r in con.execute(
            'SELECT p.name, d.filename, d.path, d.status FROM downloads d JOIN packages p ON p.id = d.package_id')),
    }
    ok = con.execute('PRAGMA integrity_check').fetchone()[0]
    con.close()
    out['integrity'] = ok
    return out


def census(server, base, n, extra=()):
    """The arguments of a `run` census of the top `n` into `base`, and where its files go."""
    dest = os.path.join(base, 'files')
    args = ['run', '--top', n, '--list', server.url + '/top.json', '--index-url', server.url,
            '--dest', dest, '--db', os.path.join(base, 'store.sqlite'), '--quiet', '--jobs', '4', *extra]
    return args, dest


def trials(pep765, count, packages=40, seed=1, log=print):
    """Runs `count` trials of binary `pep765`; returns the number that ended with a store unlike
    the reference."""
    harness.PEP765 = pep765
    rng = random.Random(seed)
    mirror, server = build_mirror(packages, seed)
    bad = 0
    with scratch('pep765-chaos-') as work, server:
        ref = os.path.join(work, 'reference')
        cmd, dest = census(server, ref, packages)
        began = time.time()
        run(*cmd)
        full_time = time.time() - began
        expected = canonical(os.path.join(ref, 'store.sqlite'), dest)
        assert expected['integrity'] == 'ok'
        for t in range(count):
            base = os.path.join(work, f'trial{t}')
            cmd, dest = census(server, base, packages)
            kills = rng.randint(1, 3)
            for _ in range(kills):
                proc = start(*cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0, full_time * 1.1))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            # Half the trials also stop once politely, with SIGTERM, before the last run.
            if t % 2:
                proc = start(*cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                time.sleep(rng.uniform(0, full_time * 0.8))
                proc.send_signal(signal.SIGTERM)
                _, err = proc.communicate()
                if proc.returncode not in (0, 128 + signal.SIGTERM) or (
                        proc.returncode and 'rerun the same command' not in err):
                    log(f'trial {t}: SIGTERM ended with {proc.returncode}: {err.strip()}')
                    bad += 1
                    continue
            run(*cmd)
            got = canonical(os.path.join(base, 'store.sqlite'), dest)
            same = got == expected
            leftovers = [f for _, _, names in os.walk(dest) for f in names if f.endswith('.part')]
            if not same or leftovers:
                bad += 1
                diff = [k for k in expected if expected[k] != got.get(k)]
                log(f'trial {t}: {kills} kills: DIFFERS in {diff}; .part files left: {leftovers}')
            else:
                log(f'trial {t}: {kills} kill(s){" and a SIGTERM" if t % 2 else ""}: identical')
            shutil.rmtree(base, ignore_errors=True)
    return bad
