#!/usr/bin/env python3
"""End to end: each hit's evidence, and the fourth verdict, as a maintainer and a reader see them.
A release analyzed by the real binary; then the drafted issue, `export`, `triage export` and every
report format must carry the evidence (which statement can raise, on which line, what the jump
loses; for review, what was missing), and the report the study's terms beside its 46 / 8 / 149
with review counted apart.

usage: e2e_triage.py PEP765_BINARY
"""
import csv, io, json, os, sys, tarfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import tar_add  # noqa: E402

# A bug: no handler; conn.send on line 3 can raise, the return on line 6 loses it.
SEND = b'def push(conn):\n    try:\n        conn.send(b"x")\n        conn.flush()\n    finally:\n        return 1\n'
# Review: the PEP's first shape, but in a function whose name says it tidies up.
CLOSE = (b'class Link:\n    def close(self):\n        try:\n            self.sock.shutdown()\n'
         b'        except Exception:\n            log.warning("shutdown failed")\n        finally:\n'
         b'            return None\n')
# Intentional: a flag only the handler sets, tested by the finally.
FLAG = (b'def load(path):\n    failed = None\n    try:\n        data = read(path)\n    except OSError:\n'
        b'        failed = "unreadable"\n    finally:\n        if failed:\n            return failed\n'
        b'    return data\n')
# A bug whatever catches everything: the handler re-raises, the return on line 8 drops it.
RERAISE = (b'def wait(ov):\n    try:\n        ov.wait()\n    except:\n        ov.cancel()\n        raise\n'
           b'    finally:\n        return ov.result\n')


class Triage(harness.ScratchCase):
    prefix = 'pep765-triage-'

    @classmethod
    def prepare(cls):
        archive = os.path.join(cls.dir, 'omega-1.0.tar.gz')
        with tarfile.open(archive, 'w:gz') as t:
            for path, data in {'omega/push.py': SEND, 'omega/link.py': CLOSE, 'omega/load.py': FLAG,
                               'omega/wait.py': RERAISE}.items():
                tar_add(t, f'omega-1.0/{path}', data)
        cls.db = os.path.join(cls.dir, 'store.sqlite')
        harness.run('analyze', '-q', '--db', cls.db, archive)

    def triage_rows(self):
        out = harness.run('triage', 'export', '--db', self.db).stdout
        return {r['path']: r for r in csv.DictReader(io.StringIO(out))}

    def test_triage_export_carries_the_verdict_and_its_evidence(self):
        rows = self.triage_rows()
        self.assertEqual({p: (r['category'], r['pattern']) for p, r in rows.items()}, {
            'omega/push.py': ('bug', 'swallows-everything'),
            'omega/link.py': ('review', 'mixed-evidence'),
            'omega/load.py': ('intentional', 'guarded-by-flag'),
            'omega/wait.py': ('bug', 'handler-raise-swallowed'),
        })
        self.assertEqual(rows['omega/push.py']['evidence'],
                         'If `conn.send(b"x")` on line 3 raises, the `return` on line 6 discards that exception: '
                         'the `try` has no `except` clause.')
        self.assertIn('The `raise` on line 6 sends the exception on; the `return` on line 8 discards it.',
                      rows['omega/wait.py']['evidence'])
        # Review says what points each way, and what is missing.
        review = rows['omega/link.py']['evidence']
        self.assertIn('`self.sock.shutdown()` on line 4', review)
        self.assertIn('`close`', review)
        self.assertIn('is not in the code', review)
        # program_category keeps the program's own word for `triage import` to tell edits from.
        self.assertEqual(rows['omega/link.py']['program_category'], 'review')

    def test_the_drafted_issue_names_the_raising_line_and_what_is_lost(self):
        out = os.path.join(self.dir, 'drafts')
        harness.run('export', '--db', self.db, '--per', 'package', '--format', 'markdown', '--out', out)
        with open(os.path.join(out, 'omega.md')) as f:
            draft = f.read()
        self.assertIn('What the code shows: If `conn.send(b"x")` on line 3 raises, the `return` on line 6 discards '
                      'that exception', draft)
        self.assertIn('What the code shows: The `raise` on line 6 sends the exception on', draft)
        # Drafts are for bugs unless asked: the review and the intentional hit are not in it.
        self.assertNotIn('link.py', draft)
        self.assertNotIn('load.py', draft)
        # Asked for, a review's draft says it is a question.
        harness.run('export', '--db', self.db, '--per', 'package', '--format', 'markdown', '--category', 'review',
                    '--out', out + '-review')
        with open(os.path.join(out + '-review', 'omega.md')) as f:
            asked = f.read()
        self.assertIn('a question rather than a report', asked)
        self.assertIn('is not in the code', asked)

    def test_export_rows_carry_the_evidence(self):
        rows = [json.loads(l) for l in harness.run('export', '--db', self.db, '--format', 'jsonl').stdout.splitlines()]
        by_path = {r['path']: r for r in rows}
        self.assertIn('on line 3 raises', by_path['omega-1.0/omega/push.py']['evidence'])
        self.assertIn('What the code shows:', by_path['omega-1.0/omega/push.py']['issue_body'])
        out = harness.run('export', '--db', self.db, '--category', 'review').stdout
        self.assertEqual([r['path'] for r in csv.DictReader(io.StringIO(out))], ['omega-1.0/omega/link.py'])

    def test_the_report_keeps_the_studys_terms_and_counts_review_apart(self):
        doc = json.loads(harness.run('report', '--db', self.db, '--format', 'json').stdout)
        self.assertEqual(doc['hits']['by_category'], {'test': 0, 'intentional': 1, 'bug': 2, 'review': 1})
        self.assertEqual(doc['pep765_study']['top']['by_category'], {'test': 46, 'intentional': 8, 'bug': 149,
                                                                     'review': 0})
        evidence = {h['path']: h['evidence'] for h in doc['hit_list']}
        self.assertIn('on line 3 raises', evidence['omega-1.0/omega/push.py'])
        text = harness.run('report', '--db', self.db).stdout
        self.assertRegex(text, r'\n  test \(test\) +0 +46 ')
        self.assertRegex(text, r'\n  intentional \(could be correct\) +1 +8 ')
        self.assertRegex(text, r'\n  bug \(incorrect\) +2 +149 ')
        self.assertRegex(text, r'\n  review \(apart: not in the study\) +1 +- ')
        self.assertIn('      evidence: If `conn.send(b"x")` on line 3 raises', text)
        md = harness.run('report', '--db', self.db, '--format', 'markdown').stdout
        self.assertIn('| review (apart: not in the study) | 1 | - | - |', md)
        self.assertIn('on line 3 raises', md)
        html = harness.run('report', '--db', self.db, '--format', 'html').stdout
        self.assertIn('id="cat-review">1<', html)
        self.assertIn('could be correct', html)
        self.assertIn('on line 3 raises', html)


if __name__ == '__main__':
    harness.main()
