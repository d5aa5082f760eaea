// Where Python source comes from: archives, directories and .py files, streamed member by
// member in memory (nothing is extracted to disk).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "common/python_names.h"  // is_python_name
#include "extract/ignore_rules.h"

namespace pep765 {

enum class InputKind : uint8_t { Sdist, Wheel, Egg, Dir, File };
const char* input_kind_name(InputKind k);
// The inverse, for artifacts read back from the store; nullopt for a name it never wrote.
std::optional<InputKind> input_kind_from_name(std::string_view name);

struct Input {
  std::string path;  // absolute
  std::string name;  // file name (or the directory path): how read-outs name the artifact
  // As the person named it: the PATH given, or for a file a walk found, the directory given
  // joined with the rest (without a leading "./", as ruff and git name files).
  std::string given;
  InputKind kind;
  uint64_t size = 0;  // bytes on disk (a directory: its loose .py files together)
  int64_t mtime = 0;  // file-clock seconds, as fs::last_write_time counts (a directory: 0, see sources.cc)
};

// Recognised archive names: .tar.gz .tgz .tar.bz2 .tar.xz .tar .zip .whl .egg
bool is_archive_name(const std::string& name);


// What check leaves out of its walks, as ruff does: `exclude` (its defaults or --exclude,
// plus --extend-exclude) and, when asked, the .gitignore/.ignore files of the tree
// (extract/ignore_rules.h). A path named on the command line is always read.
struct WalkFilter {
  std::vector<IgnoreList> exclude;  // each anchored where it was set: a match in any excludes
  bool respect_gitignore = true;
};

// What walks left out, for check to say: each directory (or .py file) excluded with the
// pattern that did it, and the archives met (check reads archives only when named).
struct WalkLog {
  std::vector<std::string> skipped;   // "src/build/ (exclude: build)"
  std::vector<std::string> archives;  // as reached: "wheels/p-1.0-py3-none-any.whl"
};

// Where analyze and check differ in what they collect. Analyze reads a mirror or a download
// folder whole; check lints a maintainer's tree as ruff does. The defaults are analyze's.
struct CollectRules {
  // What walks leave out; null: nothing.
  const WalkFilter* filter = nullptr;
  // Walks take archives too, not only .py files.
  bool archives_in_directories = true;
  // A walked directory's .py files make one input of kind Dir; else one File input each.
  bool loose_files_as_one_input = true;
  // A regular file named on the command line is read as Python whatever its suffix.
  bool named_files_any_suffix = false;
  // Where walks note what they left out; null: not noted.
  WalkLog* log = nullptr;
};

// The one input collector: expands PATHs into inputs, sorted by path, each file once. An
// archive or .py file is one input; a directory is walked for them (extract/sources.cc's
// walk_directory: regular files only, symbolic links not followed). Only regular files are
// taken: anything else ("x.tar.gz: not a regular file (a FIFO), skipped"), a missing path or
// an unreadable directory is appended to `problems`, and the rest goes on.
std::vector<Input> collect_inputs(const std::vector<std::string>& paths, std::vector<std::string>& problems,
                                  const CollectRules& rules = {});

// Streams the .py members of one input: next() moves to a member, read() gives its bytes.
class MemberReader {
 public:
  virtual ~MemberReader() = default;
  // Moves to the next .py member; false at the end or on an error that ends the input.
  virtual bool next() = 0;
  virtual const std::string& member_path() const = 0;
  // Declared size of the member where the container says it (-1 when unknown).
  virtual int64_t declared_size() const = 0;
  // The CRC-32 and size a zip's central directory declares for the member; false for other
  // containers. Taken as the member's identity only where --verify-duplicates is off.
  virtual bool declared_crc32(uint32_t& crc, uint64_t& size) const {
    (void)crc, (void)size;
    return false;
  }
  // Reads up to n bytes of the current member: the count, 0 at its end, -1 on error.
  virtual int64_t read(char* buf, size_t n) = 0;
  // Why the input or the last read failed; empty when nothing failed.
  virtual const std::string& error() const = 0;
  // Whether an error ends the whole input (the remaining members cannot be read).
  virtual bool fatal() const = 0;
  // Decompression-bomb caps, on the whole expanded stream (every member, .py or not): past
  // `max_bytes`, or past 100 MB at more than `max_ratio` times the archive's size, next() and
  // read() fail with the reason, and the failure is fatal.
  virtual void limit_expansion(uint64_t max_bytes, uint64_t max_ratio) = 0;
};

// Whether open_members() reads the input as a zip, from its central directory (wheels, eggs,
// .zip files): only such a reader declares its members' CRC-32.
bool reads_zip_directory(const Input& input);

// Opens an input for reading. Never null; an input that cannot be opened reports it through
// error() and fatal() on the first next().
std::unique_ptr<MemberReader> open_members(const Input& input);

// The same over an archive held in memory (the bytes must outlive the reader): for fuzzing.
std::unique_ptr<MemberReader> open_archive_in_memory(const void* data, size_t size);

}  // namespace pep765
