#!/usr/bin/env python3
"""End to end: the census reads what maintainers say of their own code. analyze records each
hit's suppression comment (`# noqa`, `# noqa: B012`, `# pylint: disable=lost-exception`) in the
store, as `check` reads it; the report counts the hits marked as meant, lists the marker per hit,
and export carries it (null where the hit was analyzed before pep765 read such comments).

usage: e2e_noqa_census.py PEP765_BINARY
"""
import csv, io, json, os, sqlite3, unittest

import harness
from harness import run, write

BODY = 'def {name}():\n    try:\n        work()\n    finally:\n        return 1{comment}\n'


class NoqaCensus(harness.ScratchCase):
    prefix = 'pep765-noqa-census-'

    @classmethod
    def prepare(cls):
        tree = os.path.join(cls.dir, 'tree')
        for name, comment in (('plain', ''), ('bugbear', '  # noqa: B012'), ('pylint', '  # pylint: disable=lost-exception'),
                              ('other', '  # noqa: E501'), ('in_string', '  ;x = "# noqa"')):
            write(os.path.join(tree, name + '.py'), BODY.format(name=name, comment=comment).encode())
        cls.db = os.path.join(cls.dir, 'store.sqlite')
        run('analyze', '-q', '--db', cls.db, tree)

    def test_the_store_keeps_each_hit_s_marker(self):
        con = sqlite3.connect(self.db)
        rows = dict(con.execute('SELECT f.path, h.noqa FROM hits h JOIN files f ON f.hash = h.hash').fetchall())
        con.close()
        self.assertEqual(rows, {'plain.py': '', 'bugbear.py': 'noqa: B012', 'pylint.py': 'pylint: lost-exception',
                                'other.py': '', 'in_string.py': ''})  # E501 is another rule; a string is no comment

    def test_the_report_counts_the_hits_marked_as_meant(self):
        doc = json.loads(run('report', '--db', self.db, '--format', 'json').stdout)
        self.assertEqual((doc['hits']['marked_in_code'], doc['hits']['marks_read']), (2, 5))
        marks = {h['path']: h['noqa'] for h in doc['hit_list']}
        self.assertEqual(marks['bugbear.py'], 'noqa: B012')
        self.assertIsNone(marks['plain.py'])
        text = run('report', '--db', self.db).stdout
        self.assertIn('marked as meant in their own code (a # noqa or pylint disable on the line): 2 of 5 hits', text)
        self.assertIn('[marked in the code: noqa: B012]', text)
        self.assertIn('id="marked-in-code"', run('report', '--db', self.db, '--format', 'html').stdout)

    def test_export_carries_the_marker(self):
        rows = list(csv.DictReader(io.StringIO(run('export', '--db', self.db, '--rule', 'any').stdout)))
        self.assertEqual(sorted(r['noqa'] for r in rows), ['', '', '', 'noqa: B012', 'pylint: lost-exception'])
        lines = [json.loads(l) for l in run('export', '--db', self.db, '--format', 'jsonl').stdout.splitlines()]
        self.assertEqual(sorted(str(r['noqa']) for r in lines), ['', '', '', 'noqa: B012', 'pylint: lost-exception'])


if __name__ == '__main__':
    harness.main()
