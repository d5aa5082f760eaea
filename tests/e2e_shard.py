#!/usr/bin/env python3
"""A census split into shards (--shard K/N) and merged (pep765 merge) reports exactly what the
same census run on one machine reports.

usage: e2e_shard.py PEP765_BINARY
"""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import sdist_bytes, wheel_bytes  # noqa: E402


def body(i):
    hit = b'def f%d():\n    try:\n        return g(%d)\n    except Exception:\n        pass\n    finally:\n        return 0\n' % (i, i)
    plain = b''.join(b'x_%d = %d\n' % (k, k * i) for k in range(i % 7 + 3))
    return hit + plain if i % 3 == 0 else plain


def run(*args):
    """What pep765 writes on standard output; a failure fails the test."""
    return harness.run(*args, timeout=300).stdout


def report(db):
    r = json.loads(run('report', '--db', db, '--format', 'json'))
    r.pop('store')
    for x in r['selections']:
        x.pop('id')
    # How the census was made says when and where each store was fetched and analyzed: the
    # same census at other times on other machines; the rest must agree.
    p = r.pop('provenance')
    p.pop('store'), p.pop('fetched'), p.pop('analyzed')
    for s in p['selections']:
        s.pop('made')
    # ... and what its index pages cost: each shard reads the list itself. Its files cost the same.
    p['read_costs'] = [c for c in p['read_costs'] if c['kind'] != 'index']
    r['provenance_without_times'] = p
    return r


class Shards(harness.MirrorCase):
    prefix = 'pep765-shard-'

    @classmethod
    def prepare(cls):
        m = cls.mirror
        for i in range(40):
            name = f'pkg{i:02}'
            files = {f'{name}/core.py': body(i), f'{name}/tests/test_core.py': body(i + 1)}
            m.add_file(f'{name}-1.{i}.tar.gz', sdist_bytes(f'{name}-1.{i}', files))
            m.add_file(f'{name}-1.{i}-py3-none-any.whl', wheel_bytes(files))
            m.add_project(name, f'1.{i}', {f'1.{i}': [m.file_entry(f'{name}-1.{i}.tar.gz', 'sdist'),
                                                      m.file_entry(f'{name}-1.{i}-py3-none-any.whl', 'bdist_wheel')]},
                          10000 - i)
        m.listed = [f'pkg{i:02}' for i in range(40)] + [f'ghost{i}' for i in range(10)]  # ghosts: 404

    def census(self, name, shard=None):
        db = os.path.join(self.dir, name + '.sqlite')
        extra = ['--shard', shard] if shard else []
        common = ['--index-url', self.server.url, '--dest', os.path.join(self.dir, name + '-files'), '--db', db,
                  '--quiet'] + extra
        run('run', '--top', '30', '--list', self.server.url + '/top.json', *common)
        run('run', '--random', '12', '--seed', '4', *common)
        return db

    def test_merged_shards_report_what_one_machine_reports(self):
        whole = self.census('whole')
        shards = [self.census(f'shard{k}', f'{k}/3') for k in (1, 2, 3)]
        merged = os.path.join(self.dir, 'merged.sqlite')
        run('merge', merged, *shards)
        a, b = report(whole), report(merged)
        self.assertEqual(a, b)
        self.assertEqual({s['kind']: s['packages'] for s in b['selections']}, {'top': 30, 'random': 12})
        self.assertGreater(b['hits']['unique'], 0)
        # Each shard holds only part of the census.
        sizes = [report(s)['selections'][0]['packages'] for s in shards]
        self.assertEqual(sum(sizes), 30)
        self.assertTrue(all(0 < n < 30 for n in sizes), sizes)
        # Merging again changes nothing.
        run('merge', merged, *shards)
        self.assertEqual(report(merged), b)

    def test_a_persons_triage_survives_the_merge(self):
        shard = self.census('triaged', '2/3')
        csv_path = os.path.join(self.dir, 'triage.csv')
        run('triage', 'export', '--db', shard, '--out', csv_path)
        with open(csv_path, newline='') as f:
            text = f.read()
        edited = text.replace(',bug,', ',intentional,', 1)
        self.assertNotEqual(edited, text)
        with open(csv_path, 'w', newline='') as f:
            f.write(edited)
        run('triage', 'import', '--db', shard, csv_path)
        merged = os.path.join(self.dir, 'merged-triage.sqlite')
        run('merge', merged, shard)
        self.assertEqual(report(merged)['hits']['triaged_by_person'], 1)

    def test_analyze_shards_of_a_directory(self):
        files = os.path.join(self.dir, 'whole-files')
        if not os.path.isdir(files):
            self.census('whole')
        one = os.path.join(self.dir, 'plain.sqlite')
        run('analyze', '-q', '--db', one, files)
        parts = []
        for k in (1, 2):
            db = os.path.join(self.dir, f'plain{k}.sqlite')
            run('analyze', '-q', '--shard', f'{k}/2', '--db', db, files)
            parts.append(db)
        merged = os.path.join(self.dir, 'plain-merged.sqlite')
        run('merge', merged, *parts)
        s1 = json.loads(run('summary', '--db', one, '--json'))
        s2 = json.loads(run('summary', '--db', merged, '--json'))
        s1.pop('store'), s2.pop('store')
        self.assertEqual(s1, s2)

    def test_bad_shard_is_refused(self):
        proc = harness.run('analyze', '--shard', '4/3', '--db', os.path.join(self.dir, 'x.sqlite'), self.dir,
                           check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn('--shard takes K/N', proc.stderr)


if __name__ == '__main__':
    harness.main()
