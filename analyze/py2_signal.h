// A cheap signal for files CPython 3 cannot parse, among the files with no `finally` (which
// cannot hold a hit and so are not parsed at all). Most such files in real packages are Python
// 2 scripts and examples, and nearly all of those have a statement only Python 2 has at the
// start of a line: `print x`, `exec code`, `raise E, "message"`. The signal looks for those
// byte patterns (it may fire inside a string or a docstring: the parse that follows decides),
// so only the few files it flags are parsed, and a file CPython rejects leaves the lines in
// files that parse.
#pragma once
#include <string_view>

namespace pep765 {

// True when a line of `text` starts (after indentation) with a statement only Python 2 has.
bool python2_signal(std::string_view text);

}  // namespace pep765
