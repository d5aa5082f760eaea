"""Nothing skipped without a trace (issue 27, class 6): what a census read but did not analyze in
full is listed, by reason, with its count and names, in `summary` (text and JSON) and in the
report in every format; a store where everything was analyzed lists nothing."""
import json, os, unittest

import harness
from harness import HIT, run, write


class NotCounted(harness.ScratchCase):
    prefix = 'pep765-not-counted-'

    @classmethod
    def prepare(cls):
        tree = os.path.join(cls.dir, 'tree')
        # Over --max-parse-bytes: a statement with a finally too long to parse.
        write(os.path.join(tree, 'long.py'), b'def g():\n    try:\n        x = [' + b'1, ' * 30000 + b']\n    finally:\n        return 1\n')
        # Over --max-member-bytes: streamed for its lines only.
        write(os.path.join(tree, 'huge.py'), b'y = 2\n' * 60000)
        write(os.path.join(tree, 'latin1.py'), b'# caf\xe9\nz = 1\n')  # not UTF-8
        write(os.path.join(tree, 'fine.py'), HIT)
        cls.db = os.path.join(cls.dir, 'store.sqlite')
        cls.closing = run('analyze', '-q', '--db', cls.db, '--max-parse-bytes', 50000, '--max-member-bytes', 200000,
                          tree).stderr
        clean = os.path.join(cls.dir, 'clean')
        write(os.path.join(clean, 'fine.py'), HIT)
        cls.clean_db = os.path.join(cls.dir, 'clean.sqlite')
        run('analyze', '-q', '--db', cls.clean_db, clean)
        # The tree's files read in full, alone: what every rate of the first store must cover.
        in_full = os.path.join(cls.dir, 'in-full')
        write(os.path.join(in_full, 'fine.py'), HIT)
        write(os.path.join(in_full, 'latin1.py'), b'# caf\xe9\nz = 1\n')
        cls.in_full_db = os.path.join(cls.dir, 'in-full.sqlite')
        run('analyze', '-q', '--db', cls.in_full_db, in_full)

    def listed(self, db):
        return {n['reason']: n for n in json.loads(run('summary', '--db', db, '--json').stdout)['not_counted']}

    def test_summary_json_lists_every_reason_with_names(self):
        listed = self.listed(self.db)
        self.assertEqual(sorted(listed), ['not_utf8', 'over_member_cap', 'over_parse_cap'])
        for reason, name in [('over_member_cap', 'huge.py'), ('over_parse_cap', 'long.py'), ('not_utf8', 'latin1.py')]:
            self.assertEqual(listed[reason]['count'], 1, reason)
            self.assertTrue(any(e.endswith(name) for e in listed[reason]['examples']), listed[reason])
            self.assertTrue(listed[reason]['meaning'])

    def test_summary_text_and_every_report_format_say_it(self):
        text = run('summary', '--db', self.db).stdout
        self.assertIn('not analyzed in full: over_member_cap 1, over_parse_cap 1, not_utf8 1', text)
        report = run('report', '--db', self.db).stdout
        self.assertIn('what was not analyzed in full:', report)
        self.assertIn('huge.py', report.split('what was not analyzed in full:')[1])
        markdown = run('report', '--db', self.db, '--format', 'markdown').stdout
        self.assertIn('## What was not analyzed in full', markdown)
        html = run('report', '--db', self.db, '--format', 'html').stdout
        self.assertIn('<ul id="not-counted">', html)
        self.assertIn('data-reason="over_parse_cap"', html)
        doc = json.loads(run('report', '--db', self.db, '--format', 'json').stdout)
        self.assertEqual(sorted(n['reason'] for n in doc['not_counted']), ['not_utf8', 'over_member_cap', 'over_parse_cap'])

    def test_what_was_not_read_in_full_is_in_no_rate_under_any_line_definition(self):
        # Its lines and hits are those of the files read in full (fine.py, latin1.py) alone,
        # under every line definition: the 60,000 lines of huge.py and long.py's are in none.
        def summary(db):
            return json.loads(run('summary', '--db', db, '--json').stdout)
        full, in_full = summary(self.db), summary(self.in_full_db)
        for key in ('lines', 'unique_lines', 'lines_in_files_that_parse', 'unique_lines_in_files_that_parse',
                    'study_lines', 'unique_study_lines'):
            self.assertEqual(full[key], in_full[key], key)
        self.assertEqual(full['files'], 4)  # every file is still stored, and listed above
        for loc in ('physical', 'parsed', 'study'):
            doc = json.loads(run('report', '--db', self.db, '--format', 'json', '--loc', loc).stdout)
            want = json.loads(run('report', '--db', self.in_full_db, '--format', 'json', '--loc', loc).stdout)
            self.assertEqual(doc['lines'], want['lines'], loc)
            self.assertEqual(doc['rate'], want['rate'], loc)
            self.assertEqual([r['lines'] for r in doc['per_package']], [r['lines'] for r in want['per_package']], loc)
        self.assertIn('(so its lines are in no rate)', self.closing)

    def test_an_unreadable_artifact_is_listed_once_in_the_report(self):
        import gzip, io, tarfile
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode='w') as t:
            for i in range(40):
                data = ''.join(f'v{j} = {(j * 7919) % 104729}\n' for j in range(i * 400, i * 400 + 400)).encode()
                info = tarfile.TarInfo(f'broken-1.0/m{i}.py')
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
        archive = os.path.join(self.dir, 'broken-1.0.tar.gz')
        write(archive, gzip.compress(buf.getvalue())[:3000])  # cut short: read in part
        db = os.path.join(self.dir, 'broken.sqlite')
        run('analyze', '-q', '--db', db, archive, check=False)
        for fmt in ('text', 'markdown', 'html'):
            report = run('report', '--db', db, '--format', fmt).stdout
            self.assertEqual(report.count('broken-1.0.tar.gz:'), 1, fmt)

    def test_a_store_analyzed_in_full_lists_nothing(self):
        self.assertEqual(self.listed(self.clean_db), {})
        self.assertNotIn('not analyzed in full', run('summary', '--db', self.clean_db).stdout)
        self.assertNotIn('not analyzed in full', run('report', '--db', self.clean_db).stdout)


if __name__ == '__main__':
    harness.main()
