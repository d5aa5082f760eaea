// Which paths a walk leaves out: gitignore(5) patterns, for .gitignore/.ignore files and for
// check's --exclude/--extend-exclude globs (which ruff takes in the same form).
//
// The format followed is git's, as gitignore(5) documents it: blank lines and `#` comments
// skipped (`\#` and `\!` escape), trailing spaces dropped unless escaped, `!` negates, a
// trailing `/` matches directories only, a pattern with a `/` at its start or middle is
// anchored to its file's directory (else it matches a name at any depth), `**/`, `/**` and
// `/**/` span directories, and the rest of a segment is a glob as fnmatch(3) reads it (`*`, `?`,
// `[...]` with ranges, negation and POSIX classes), matched in time linear in pattern x name.
// The last pattern that matches decides; a deeper file's patterns take precedence over a
// shallower one's. As in git, nothing below an excluded directory is read again.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pep765 {

struct IgnorePattern {
  std::vector<std::string> segments;  // the pattern split at '/', escapes kept for the glob
  bool negated = false;
  bool directory_only = false;
  bool anchored = false;
  // Fast forms of an unanchored one-segment pattern, the common cases: no glob character
  // (compared as a string), "x*" (a prefix) or "*x" (a suffix); else the glob.
  enum class Form { Glob, Literal, Prefix, Suffix } form = Form::Glob;
  std::string fixed;                  // the literal, prefix or suffix
  std::string text;                   // as written, for --verbose
  std::string source;                 // where it was written: "src/.gitignore:3", "--exclude"
};

// The patterns of one file (or one setting), relative to its directory `base` (absolute,
// without a trailing '/').
class IgnoreList {
 public:
  IgnoreList() = default;
  IgnoreList(std::string base, std::string_view text, const std::string& source);
  // One pattern per element (a setting's list): `source` names the setting.
  IgnoreList(std::string base, const std::vector<std::string>& patterns, const std::string& source);

  enum class Verdict { None, Ignored, Included };
  // The verdict of the last pattern matching `path` (absolute, lexically normal); None when
  // no pattern matches or `path` is not below base. `why` gets the deciding pattern.
  Verdict match(const std::string& path, bool is_dir, const IgnorePattern** why = nullptr) const;
  bool empty() const { return patterns_.empty(); }
  void append(const IgnoreList& more);

 private:
  void add(std::string_view line, const std::string& source);
  std::string base_;
  std::vector<IgnorePattern> patterns_;
};

// The ignore files in force in one directory: its own lists, then its parent's chain.
struct IgnoreChain {
  std::shared_ptr<const IgnoreChain> parent;
  IgnoreList list;
  // The deepest list with a verdict decides.
  IgnoreList::Verdict match(const std::string& path, bool is_dir, const IgnorePattern** why) const;
};

}  // namespace pep765
