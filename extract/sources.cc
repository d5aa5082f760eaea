#include "extract/sources.h"
#include "common/ascii.h"
#include "extract/archive_limits.h"
#include "extract/gzip_stream.h"
#include "extract/regular_file.h"
#include "extract/zip_members.h"

#include <archive.h>
#include <sys/stat.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <optional>

namespace fs = std::filesystem;

namespace pep765 {

// The names the store keeps an input's kind under, in the enum's order.
constexpr const char* kInputKindNames[] = {"sdist", "wheel", "egg", "dir", "file"};

const char* input_kind_name(InputKind k) {
  const size_t i = size_t(k);
  return i < std::size(kInputKindNames) ? kInputKindNames[i] : "?";
}

std::optional<InputKind> input_kind_from_name(std::string_view name) {
  for (size_t i = 0; i < std::size(kInputKindNames); i++)
    if (name == kInputKindNames[i]) return InputKind(i);
  return std::nullopt;
}

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

InputKind archive_kind(const std::string& name) {
  std::string n = ascii_lower(name);
  if (ends_with(n, ".whl")) return InputKind::Wheel;
  if (ends_with(n, ".egg")) return InputKind::Egg;
  return InputKind::Sdist;
}

bool is_ascii(const char* s) {
  for (; *s; s++)
    if (static_cast<unsigned char>(*s) >= 0x80) return false;
  return true;
}


// `check .` names files as ruff and git do: src/x.py, not ./src/x.py.
std::string as_given(const fs::path& p) {
  std::string s = p.string();
  return s.starts_with("./") ? s.substr(2) : s;
}

// The patterns of the ignore files git and ruff read in `dir` (absolute): .gitignore, then
// .ignore (which takes precedence, as ripgrep's and ruff's walkers give it). Each is read
// through RegularFile (a FIFO named .gitignore cannot block) and only its first MiB.
std::optional<std::string> read_ignore_file(const std::string& path) {
  const RegularFile in(path);
  if (!in.ok()) return std::nullopt;
  std::string text(std::min<uint64_t>(in.size(), 1u << 20), '\0');
  const int64_t got = in.read_at(0, text.data(), text.size());
  text.resize(size_t(std::max<int64_t>(got, 0)));
  return text;
}

IgnoreList ignore_files_in(const std::string& dir, const std::string& shown_dir) {
  IgnoreList list(dir, std::vector<std::string>{}, "");
  for (const char* name : {".gitignore", ".ignore"})
    if (const std::optional<std::string> text = read_ignore_file(dir + "/" + name))
      list.append(IgnoreList(dir, *text, shown_dir.empty() || shown_dir == "." ? name : shown_dir + "/" + name));
  return list;
}

// The ignore files above a walked directory that still govern it: those of its ancestors up
// to the top of the git work tree it is in (the directory holding .git), with that
// repository's .git/info/exclude at the lowest precedence. Outside a work tree: none.
std::shared_ptr<const IgnoreChain> ancestor_ignores(const std::string& root) {
  std::vector<std::string> above;  // root's ancestors up to the top, nearest first
  std::string top;
  for (fs::path p = root;; p = p.parent_path()) {
    if (p.string() != root) above.push_back(p.string());
    std::error_code ec;
    if (fs::exists(p / ".git", ec)) {
      top = p.string();
      break;
    }
    if (p == p.parent_path()) return nullptr;
  }
  std::shared_ptr<const IgnoreChain> chain;
  if (const std::optional<std::string> text = read_ignore_file(top + "/.git/info/exclude"))
    chain = std::make_shared<IgnoreChain>(IgnoreChain{nullptr, IgnoreList(top, *text, top + "/.git/info/exclude")});
  for (size_t i = above.size(); i-- > 0;) {
    IgnoreList list = ignore_files_in(above[i], above[i]);
    if (!list.empty()) chain = std::make_shared<IgnoreChain>(IgnoreChain{chain, std::move(list)});
  }
  return chain;
}

// What a walk found below one directory, each list sorted: its .py files (paths relative to
// it) and, when the rules take them, its archives (paths as the walk reached them).
struct Walked {
  std::vector<std::string> python;
  std::vector<fs::path> archives;
};

// The one walker. Regular files only: anything else with a source's name (a FIFO, a socket, a
// device) is named in `problems` and skipped, never opened. Symbolic links are not followed: a
// link may lead out of the tree given, or round it. A directory that cannot be read is named
// and the walk goes on. `problems` may be null (a directory read again to open its members).
Walked walk_directory(const fs::path& root, const CollectRules& rules, std::vector<std::string>* problems) {
  Walked out;
  auto problem = [&](std::string what) {
    if (problems) problems->push_back(std::move(what));
  };
  const WalkFilter* filter = rules.filter;
  const bool gitignore = filter && filter->respect_gitignore;
  std::error_code root_ec;
  std::string root_abs = fs::absolute(root, root_ec).lexically_normal().string();
  while (root_abs.size() > 1 && root_abs.back() == '/') root_abs.pop_back();
  // Why a directory or file below `root` is left out, or empty: the exclude settings first,
  // then the ignore files in force where it is.
  auto left_out = [&](const IgnoreChain* chain, const std::string& abs, bool is_dir) -> std::string {
    if (!filter) return {};
    const IgnorePattern* why = nullptr;
    for (const IgnoreList& exclude : filter->exclude)
      if (exclude.match(abs, is_dir, &why) == IgnoreList::Verdict::Ignored)
        return fmt::format("{}: {}", why->source, why->text);
    if (chain && chain->match(abs, is_dir, &why) == IgnoreList::Verdict::Ignored)
      return fmt::format("{}: {}", why->source, why->text);
    return {};
  };
  struct Pending {
    fs::path rel;  // relative to root
    std::shared_ptr<const IgnoreChain> ignores;
  };
  std::vector<Pending> pending{{fs::path(), gitignore ? ancestor_ignores(root_abs) : nullptr}};
  while (!pending.empty()) {
    Pending here = std::move(pending.back());
    pending.pop_back();
    const fs::path& rel = here.rel;
    const fs::path dir = rel.empty() ? root : root / rel;
    const std::string dir_abs = rel.empty() ? root_abs : root_abs + "/" + rel.string();
    if (gitignore) {
      IgnoreList own = ignore_files_in(dir_abs, as_given(dir));
      if (!own.empty()) here.ignores = std::make_shared<IgnoreChain>(IgnoreChain{here.ignores, std::move(own)});
    }
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      problem(fmt::format("{}: cannot read the directory: {}", dir.string(), ec.message()));
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        problem(fmt::format("{}: cannot read the directory: {}", dir.string(), ec.message()));
        break;
      }
      const std::string name = it->path().filename().string();
      struct stat st {};
      if (::lstat(it->path().c_str(), &st) != 0 || S_ISLNK(st.st_mode)) continue;
      if (S_ISDIR(st.st_mode)) {
        const std::string why = left_out(here.ignores.get(), dir_abs + "/" + name, true);
        if (why.empty()) pending.push_back({rel / name, here.ignores});
        else if (rules.log) rules.log->skipped.push_back(fmt::format("{}/ ({})", as_given(it->path()), why));
        continue;
      }
      const bool python = is_python_name(name), archive = is_archive_name(name);
      if (!python && !archive) continue;
      if (archive && !rules.archives_in_directories) {
        if (rules.log && S_ISREG(st.st_mode)) rules.log->archives.push_back(as_given(it->path()));
        continue;
      }
      if (python) {
        const std::string why = left_out(here.ignores.get(), dir_abs + "/" + name, false);
        if (!why.empty()) {
          if (rules.log) rules.log->skipped.push_back(fmt::format("{} ({})", as_given(it->path()), why));
          continue;
        }
      }
      if (!S_ISREG(st.st_mode)) {
        problem(fmt::format("{}: {}, skipped", it->path().string(), not_regular_reason(st.st_mode)));
        continue;
      }
      if (python) out.python.push_back((rel / name).string());
      else out.archives.push_back(it->path());
    }
  }
  std::sort(out.python.begin(), out.python.end());
  std::sort(out.archives.begin(), out.archives.end());
  return out;
}

class ArchiveMembers : public CappedMembers {
 public:
  explicit ArchiveMembers(const Input& input) : file_(std::in_place, input.path) {
    packed_size_ = input.size;
    archive_ = new_reader();
    if (input.size == 0) {  // libarchive reads an empty file as an empty archive: it is not one
      error_ = "empty file (0 bytes): not an archive";
      fatal_ = true;
    } else if (!file_->ok()) {
      error_ = file_->error();
      fatal_ = true;
    } else if (open_gzip_file()) {
      // inflated by igzip, read as a plain stream by libarchive
    } else if (archive_read_open_fd(archive_, file_->fd(), 1 << 17) != ARCHIVE_OK) {
      error_ = describe();
      fatal_ = true;
    }
  }
  ArchiveMembers(const void* data, size_t size) {
    packed_size_ = size;
    archive_ = new_reader();
    if (GzipStream::looks_like_gzip(std::string_view(static_cast<const char*>(data), size))) {
      auto at = std::make_shared<size_t>(0);
      gzip_ = std::make_unique<GzipStream>([data, size, at](uint8_t* into, size_t n) -> int64_t {
        const size_t take = std::min(n, size - *at);
        std::memcpy(into, static_cast<const char*>(data) + *at, take);
        *at += take;
        return int64_t(take);
      });
      open_gzip();
      return;
    }
    if (archive_read_open_memory(archive_, data, size) != ARCHIVE_OK) {
      error_ = describe();
      fatal_ = true;
    }
  }
  ~ArchiveMembers() override {
    archive_read_free(archive_);  // before the stream and the file it reads from
    gzip_.reset();
  }

  bool next() override {
    if (fatal_) return false;
    for (;;) {
      if (over_limit()) return false;
      archive_entry* entry = nullptr;
      int rc = archive_read_next_header(archive_, &entry);
      if (rc == ARCHIVE_EOF) return false;
      if (rc == ARCHIVE_RETRY) continue;
      if (rc == ARCHIVE_FATAL || rc == ARCHIVE_FAILED || !entry) {
        error_ = describe();
        fatal_ = true;
        return false;
      }
      // An ASCII name is the same in every encoding: only others are converted to UTF-8 (a
      // conversion through the locale per member, otherwise).
      const char* name = archive_entry_pathname(entry);
      if (!name || !is_ascii(name)) {
        const char* utf8 = archive_entry_pathname_utf8(entry);
        if (utf8) name = utf8;
      }
      // Holes in a sparse member expand without moving the compressed stream: count them.
      if (archive_entry_sparse_count(entry) > 0 && archive_entry_size_is_set(entry))
        sparse_bytes_ += uint64_t(std::max<la_int64_t>(archive_entry_size(entry), 0));
      // Regular files only, as CPython's tarfile/zipfile readers in the oracle see them:
      // symlinks and hard links are not modules of their own.
      if (!name || archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) ||
          !is_python_name(name))
        continue;
      member_ = name;
      size_ = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
      error_.clear();
      return true;
    }
  }
  const std::string& member_path() const override { return member_; }
  int64_t declared_size() const override { return size_; }
  int64_t read(char* buf, size_t n) override {
    if (over_limit()) return -1;
    la_ssize_t got = archive_read_data(archive_, buf, n);
    if (got > 0) member_bytes_ += uint64_t(got);
    if (got >= 0) return got;
    error_ = describe();
    fatal_ = got == ARCHIVE_FATAL;
    return -1;
  }

 private:
  // Bytes expanded so far: a zip not named as one (read by libarchive's streaming reader)
  // inflates each member on its own, so its members' bytes; any other format is one stream
  // through the filters (gzip, bzip2, xz), read to the current position whether members are
  // read or skipped.
  uint64_t expanded() const {
    const bool zip = (archive_format(archive_) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
    if (zip) return member_bytes_;
    return uint64_t(std::max<la_int64_t>(archive_filter_bytes(archive_, 0), 0)) + sparse_bytes_;
  }

  bool over_limit() { return CappedMembers::over_limit(expanded()); }

  // Every format and filter libarchive has (a zip named so is read by extract/zip_members.h).
  static archive* new_reader() {
    archive* a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    return a;
  }

  // A gzip file (an sdist, nearly always): inflated here with igzip and handed to libarchive
  // as an uncompressed stream through its read callback. False when the file is no gzip (the
  // caller opens it the usual way).
  bool open_gzip_file() {
    char magic[2] = {};
    const int64_t got = file_->read_at(0, magic, 2);
    if (!GzipStream::looks_like_gzip(std::string_view(magic, size_t(std::max<int64_t>(got, 0))))) return false;
    gzip_ = std::make_unique<GzipStream>([this](uint8_t* into, size_t n) -> int64_t {
      const int64_t got = file_->read_at(gzip_at_, reinterpret_cast<char*>(into), n);
      if (got > 0) gzip_at_ += uint64_t(got);
      return got;
    });
    open_gzip();
    return true;
  }

  void open_gzip() {
    auto read = [](archive* a, void* client, const void** buffer) -> la_ssize_t {
      GzipStream& stream = *static_cast<GzipStream*>(client);
      const std::string_view piece = stream.next();
      if (!stream.error().empty()) {
        archive_set_error(a, EIO, "%s", stream.error().c_str());
        return -1;
      }
      *buffer = piece.data();
      return la_ssize_t(piece.size());
    };
    if (archive_read_open(archive_, gzip_.get(), nullptr, read, nullptr) != ARCHIVE_OK) {
      error_ = describe();
      fatal_ = true;
    }
  }

  std::string describe() const { return archive_problem(archive_); }

  std::optional<RegularFile> file_;  // the archive on disk (none for one in memory)
  uint64_t gzip_at_ = 0;              // how far igzip has read file_
  std::unique_ptr<GzipStream> gzip_;  // set when a gzip stream is inflated here
  archive* archive_;
  std::string member_;
  int64_t size_ = -1;
  uint64_t member_bytes_ = 0;
  uint64_t sparse_bytes_ = 0;  // the expanded sizes of sparse members met so far
};

// A directory's loose .py files, or a single .py file, as members.
class FileMembers : public MemberReader {
 public:
  FileMembers(fs::path base, std::vector<std::string> members)
      : base_(std::move(base)), members_(std::move(members)) {}

  bool next() override {
    error_.clear();
    if (index_ >= members_.size()) return false;
    member_ = members_[index_++];
    const fs::path full = member_.empty() ? base_ : base_ / member_;
    file_.emplace(full.string());
    at_ = 0;
    size_ = file_->ok() ? int64_t(file_->size()) : -1;
    if (!file_->ok()) error_ = fmt::format("cannot open: {}", file_->error());
    return true;
  }
  const std::string& member_path() const override { return display_.empty() ? member_ : display_; }
  int64_t declared_size() const override { return size_; }
  int64_t read(char* buf, size_t n) override {
    if (!error_.empty()) return -1;
    const int64_t got = file_->read_at(at_, buf, n);
    if (got < 0) {
      error_ = fmt::format("read error: {}", std::strerror(errno));
      return -1;
    }
    at_ += uint64_t(got);
    return got;
  }
  const std::string& error() const override { return error_; }
  bool fatal() const override { return false; }
  void limit_expansion(uint64_t, uint64_t) override {}  // plain files: nothing expands

  // A single file is its own only member, named by its file name.
  void name_single(std::string display) { display_ = std::move(display); }

 private:
  fs::path base_;
  std::vector<std::string> members_;
  size_t index_ = 0;
  std::string member_, display_, error_;
  int64_t size_ = -1;
  std::optional<RegularFile> file_;  // the current member
  uint64_t at_ = 0;                  // how far it has been read
};

}  // namespace

std::string expansion_problem(uint64_t expanded, uint64_t packed_size, uint64_t max_bytes, uint64_t max_ratio) {
  if (max_bytes && expanded > max_bytes)
    return fmt::format("expands past {} bytes: a decompression bomb? (--max-expanded-bytes)", max_bytes);
  if (max_ratio && expanded > (100u << 20) && packed_size && expanded / packed_size > max_ratio)
    return fmt::format("expands {} times its size: a decompression bomb? (--max-expansion-ratio {})",
                       expanded / packed_size, max_ratio);
  return "";
}

std::string archive_problem(archive* a) {
  const char* msg = a ? archive_error_string(a) : nullptr;
  if (msg && *msg) return msg;
  const int err = a ? archive_errno(a) : 0;
  return err ? std::strerror(err) : "unreadable archive";
}

bool is_archive_name(const std::string& name) {
  std::string n = ascii_lower(name);
  for (std::string_view s : {".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip", ".whl", ".egg"})
    if (ends_with(n, s)) return true;
  return false;
}

namespace {

}  // namespace

std::vector<Input> collect_inputs(const std::vector<std::string>& paths, std::vector<std::string>& problems,
                                  const CollectRules& rules) {
  std::vector<Input> inputs;
  // A file is typed with stat, which never blocks: a FIFO, socket or device is named and
  // skipped here, and the reader's non-blocking open checks again (extract/regular_file.h).
  auto add_file = [&](const fs::path& p, std::string given, InputKind kind) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      problems.push_back(fmt::format("{}: {}", given, std::strerror(errno)));
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      problems.push_back(fmt::format("{}: {}, skipped", given, not_regular_reason(st.st_mode)));
      return;
    }
    std::error_code ec;
    Input in;
    in.path = fs::absolute(p, ec).lexically_normal().string();
    in.name = p.filename().string();
    in.given = std::move(given);
    in.kind = kind;
    in.size = uint64_t(st.st_size);
    in.mtime = file_clock_seconds(st.st_mtim);
    inputs.push_back(std::move(in));
  };
  for (const std::string& arg : paths) {
    fs::path p(arg);
    std::error_code ec;
    struct stat st {};
    const std::string name = p.filename().string();
    if (::stat(p.c_str(), &st) != 0) {
      problems.push_back(fmt::format("{}: no such file or directory", arg));
    } else if (S_ISDIR(st.st_mode)) {
      Walked walked = walk_directory(p, rules, &problems);
      for (const fs::path& a : walked.archives) add_file(a, as_given(a), archive_kind(a.filename().string()));
      if (walked.python.empty()) continue;
      if (!rules.loose_files_as_one_input) {
        for (const std::string& rel : walked.python) add_file(p / rel, as_given(p / rel), InputKind::File);
        continue;
      }
      Input in;
      in.path = fs::absolute(p, ec).lexically_normal().string();
      while (in.path.size() > 1 && in.path.back() == '/') in.path.pop_back();
      in.name = in.path;
      in.given = arg;
      in.kind = InputKind::Dir;
      // Its mtime is the newest of its files' but never below 0, as the store has always held
      // it: file-clock seconds are negative until 2174, so in practice 0 and its size decides
      // whether it changed.
      for (const std::string& rel : walked.python) {
        struct stat file {};
        if (::stat((p / rel).c_str(), &file) != 0) continue;
        in.size += uint64_t(file.st_size);
        in.mtime = std::max(in.mtime, file_clock_seconds(file.st_mtim));
      }
      inputs.push_back(std::move(in));
    } else if (!S_ISREG(st.st_mode)) {  // whatever its name: a FIFO named x.tar.gz is no archive
      problems.push_back(fmt::format("{}: {}, skipped", arg, not_regular_reason(st.st_mode)));
    } else if (is_archive_name(name)) {
      add_file(p, arg, archive_kind(name));
    } else if (is_python_name(name) || rules.named_files_any_suffix) {
      add_file(p, arg, InputKind::File);
    } else {
      problems.push_back(fmt::format("{}: not an archive (.tar.gz .tgz .tar.bz2 .tar.xz .tar .zip .whl .egg), "
                                     "a directory or a .py file", arg));
    }
  }
  // The same file named twice (directly and through its directory) is one input: the first.
  std::stable_sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.path < b.path; });
  inputs.erase(std::unique(inputs.begin(), inputs.end(),
                           [](const Input& a, const Input& b) { return a.path == b.path; }),
               inputs.end());
  return inputs;
}

std::unique_ptr<MemberReader> open_archive_in_memory(const void* data, size_t size) {
  if (size >= 4 && std::memcmp(data, "PK\3\4", 4) == 0) return open_zip_in_memory(data, size);
  return std::make_unique<ArchiveMembers>(data, size);
}

// A zip is listed from its central directory (common/zip_directory.h).
bool reads_zip_directory(const Input& input) {
  if (input.kind == InputKind::Dir || input.kind == InputKind::File) return false;
  return input.kind == InputKind::Wheel || input.kind == InputKind::Egg || ends_with(ascii_lower(input.name), ".zip");
}

std::unique_ptr<MemberReader> open_members(const Input& input) {
  switch (input.kind) {
    case InputKind::Dir:
      return std::make_unique<FileMembers>(input.path, walk_directory(input.path, CollectRules{}, nullptr).python);
    case InputKind::File: {
      auto reader = std::make_unique<FileMembers>(input.path, std::vector<std::string>{""});
      reader->name_single(fs::path(input.path).filename().string());
      return reader;
    }
    default:
      if (reads_zip_directory(input)) return open_zip_members(input.path, input.size);
      return std::make_unique<ArchiveMembers>(input);
  }
}

}  // namespace pep765
