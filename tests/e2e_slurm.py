#!/usr/bin/env python3
"""End to end: the distributed path for real. scripts/slurm/try-local starts a single-node Slurm
(Debian's slurm-wlm and munge, installed and started as root when missing), queues a census in
shards with scripts/slurm/submit against a loopback mirror, waits for the merge job, and
compares the merged report's figures with an unsharded run's. Skipped, saying why, where it
cannot run: not root (Slurm's daemons and their configuration need it).

usage: e2e_slurm.py PEP765_BINARY
"""
import os, subprocess, sys, unittest

import harness

TRY_LOCAL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'scripts', 'slurm', 'try-local')


class Slurm(unittest.TestCase):
    @unittest.skipUnless(hasattr(os, 'geteuid') and os.geteuid() == 0,
                         'needs root: try-local installs and starts slurmctld, slurmd and munged')
    def test_a_sharded_census_merged_by_slurm_equals_one_run(self):
        proc = subprocess.run([sys.executable, TRY_LOCAL, '3', '24'], capture_output=True, text=True, timeout=1200,
                              env=dict(os.environ, PEP765=harness.PEP765))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn('3 shards merged by Slurm', proc.stdout)
        self.assertIn("the merged report's figures equal the unsharded run's (24 packages", proc.stdout)
        for shard in ('shard-1.sqlite', 'shard-2.sqlite', 'shard-3.sqlite', 'census.sqlite'):
            self.assertIn(shard, proc.stdout)


if __name__ == '__main__':
    harness.main()
