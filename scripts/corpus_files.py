"""Archives named on a command line: files as given, directories walked. Shared by scripts."""
import os

ARCHIVE_ENDINGS = ('.tar.gz', '.tgz', '.tar.bz2', '.tar.xz', '.tar', '.zip', '.whl', '.egg')


def archives_in(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                out += [os.path.join(root, n) for n in names if n.lower().endswith(ARCHIVE_ENDINGS)]
        else:
            out.append(p)
    return sorted(out)
