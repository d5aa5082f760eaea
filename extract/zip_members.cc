#include "extract/zip_members.h"

#include <archive.h>
#include <archive_entry.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "common/zip_directory.h"
#include "extract/archive_limits.h"
#include "extract/gzip_stream.h"
#include "extract/regular_file.h"

namespace pep765 {

namespace {

uint16_t u16(const uint8_t* p) { return uint16_t(p[0] | p[1] << 8); }
uint32_t u32(const uint8_t* p) { return uint32_t(u16(p)) | uint32_t(u16(p + 2)) << 16; }

// Packed bytes read at once: one read takes a small member's local header and all its data.
constexpr size_t kPackedChunk = 1 << 18;
static_assert(kPackedChunk >= kZipMaxLocalHeaderBytes, "a chunk holds any local header");

// A zip damaged over and over is given up after this many damaged members: each is a line on
// stderr and in the artifact's error.
constexpr int kMaxDamaged = 16;

// Whether every .py member can be read here, from its own local header: stored or deflated,
// and not encrypted. Any other zip is read through libarchive, which knows the other methods.
bool reads_members_directly(const std::vector<ZipDirectory::Entry>& entries) {
  return std::all_of(entries.begin(), entries.end(), [](const ZipDirectory::Entry& e) {
    return !e.regular || !is_python_name(e.name) || ((e.method == 0 || e.method == 8) && !e.encrypted());
  });
}

class ZipMembers : public CappedMembers {
 public:
  ZipMembers(const std::string& path, uint64_t size) : file_(std::in_place, path) {
    packed_size_ = size;
    if (size == 0) {  // libarchive reads an empty file as an empty archive: it is not one
      fail("empty file (0 bytes): not an archive");
      return;
    }
    if (!file_->ok()) {
      fail(file_->error());
      return;
    }
    read_at_ = [this](uint64_t offset, size_t n, char* into) {
      while (n > 0) {
        const int64_t got = file_->read_at(offset, into, n);
        if (got <= 0) return false;
        offset += uint64_t(got), into += got, n -= size_t(got);
      }
      return true;
    };
    take(read_zip_directory(read_at_, size));
  }
  ZipMembers(const void* data, size_t size) : data_(data) {
    packed_size_ = size;
    read_at_ = [data, size](uint64_t offset, size_t n, char* into) {
      if (offset > size || n > size - offset) return false;
      std::memcpy(into, static_cast<const char*>(data) + offset, n);
      return true;
    };
    take(read_zip_directory(read_at_, size));
  }
  ~ZipMembers() override {
    if (archive_) archive_read_free(archive_);
  }

  bool next() override {
    if (fatal_ || over_limit()) return false;
    while (next_ < dir_.entries.size()) {
      const size_t k = next_++;
      if (!dir_.entries[k].regular || !is_python_name(dir_.entries[k].name)) continue;
      current_ = k;
      member_ = {};
      error_.clear();
      return true;
    }
    return false;
  }
  const std::string& member_path() const override { return dir_.entries[current_].name; }
  int64_t declared_size() const override { return int64_t(dir_.entries[current_].size); }
  bool declared_crc32(uint32_t& crc, uint64_t& size) const override {
    if (current_ >= dir_.entries.size()) return false;
    crc = dir_.entries[current_].crc32;
    size = dir_.entries[current_].size;
    return true;
  }
  int64_t read(char* buf, size_t n) override {
    if (over_limit()) return -1;
    return direct_ ? read_directly(reinterpret_cast<uint8_t*>(buf), n) : read_through_libarchive(buf, n);
  }

 private:
  void fail(std::string why) {
    error_ = std::move(why);
    fatal_ = true;
  }

  void take(ZipDirectory&& dir) {
    if (!dir.error.empty()) return fail(std::move(dir.error));
    dir_ = std::move(dir);
    direct_ = reads_members_directly(dir_.entries);
  }

  // ---- Members read from their own local headers: no byte of any other member is read, so a
  // sparse file holding only the .py members' ranges (fetch's partial wheel reads) reads as
  // the whole wheel does.

  // The current member fails alone: never counted, the next one still read.
  int64_t damaged(std::string why) {
    member_.failed = true;
    error_ = std::move(why);
    if (++damaged_ > kMaxDamaged) {
      fatal_ = true;
      error_ += fmt::format(" (more than {} damaged members: the rest of the zip is not read)", kMaxDamaged);
    }
    return -1;
  }

  // The local header where the directory places it: its signature, and room for its name,
  // extra field and data before the next member. The first chunk of data is read with it.
  int64_t open_member() {
    const ZipDirectory::Entry& entry = dir_.entries[current_];
    member_.opened = true;
    const ZipSpan span = zip_member_span(dir_, current_);
    if (!span.error.empty()) return damaged(span.error);
    if (!packed_) packed_ = std::make_unique_for_overwrite<uint8_t[]>(kPackedChunk);
    const size_t first = size_t(std::min<uint64_t>(span.end - span.begin, kPackedChunk));
    if (!read_at_(span.begin, first, reinterpret_cast<char*>(packed_.get())))
      return damaged(fmt::format("its local header at offset {} cannot be read", span.begin));
    if (u32(packed_.get()) != 0x04034b50)
      return damaged(fmt::format("no local header at offset {}, where the central directory places it", span.begin));
    const uint64_t data_at = kZipLocalHeaderBytes + u16(packed_.get() + 26) + u16(packed_.get() + 28);
    if (data_at > span.end - span.begin || entry.compressed_size > span.end - span.begin - data_at)
      return damaged(fmt::format("its local header at offset {} and {} packed bytes run past the next member at {}",
                                 span.begin, entry.compressed_size, span.end));
    if (entry.method == 0 && entry.compressed_size != entry.size)
      return damaged(fmt::format("size mismatch: the central directory says {} bytes, stored in {}", entry.size,
                                 entry.compressed_size));
    in_at_ = packed_.get() + data_at;
    in_left_ = size_t(std::min<uint64_t>(first - data_at, entry.compressed_size));
    member_.packed_left = entry.compressed_size - in_left_;
    member_.packed_at = span.begin + data_at + in_left_;
    if (entry.method == 8) {
      if (!inflate_) inflate_ = std::make_unique<inflate_state>();
      isal_inflate_init(inflate_.get());
      inflate_->crc_flag = ISAL_DEFLATE;  // raw deflate: the CRC-32 is computed below
    }
    return 0;
  }

  // More packed bytes once those in hand are used up; false when they cannot be read.
  bool refill() {
    if (in_left_ > 0 || member_.packed_left == 0) return true;
    const size_t n = size_t(std::min<uint64_t>(member_.packed_left, kPackedChunk));
    if (!read_at_(member_.packed_at, n, reinterpret_cast<char*>(packed_.get()))) return false;
    in_at_ = packed_.get();
    in_left_ = n;
    member_.packed_left -= n;
    member_.packed_at += n;
    return true;
  }

  // The member's end: its size and CRC-32 against the directory's.
  int64_t finish() {
    const ZipDirectory::Entry& entry = dir_.entries[current_];
    member_.done = true;
    if (member_.unpacked != entry.size)
      return damaged(
          fmt::format("size mismatch: the central directory says {} bytes, the data gives {}", entry.size, member_.unpacked));
    if (member_.crc != entry.crc32)
      return damaged(fmt::format("CRC-32 mismatch: the central directory says 0x{:08x}, the data gives 0x{:08x}",
                                 entry.crc32, member_.crc));
    return 0;
  }

  int64_t read_directly(uint8_t* buf, size_t n) {
    if (!member_.opened && open_member() < 0) return -1;
    if (member_.failed) return -1;
    if (member_.done) return 0;
    const ZipDirectory::Entry& entry = dir_.entries[current_];
    n = std::min<size_t>(n, UINT32_MAX);
    for (;;) {
      if (!refill()) return damaged(fmt::format("its data at offset {} cannot be read", member_.packed_at));
      size_t produced;
      if (entry.method == 0) {
        if (in_left_ == 0) return finish();
        produced = std::min(n, in_left_);
        std::memcpy(buf, in_at_, produced);
        in_at_ += produced, in_left_ -= produced;
      } else {
        inflate_->next_in = const_cast<uint8_t*>(in_at_);
        inflate_->avail_in = uint32_t(in_left_);
        inflate_->next_out = buf;
        inflate_->avail_out = uint32_t(n);
        const int rc = isal_inflate(inflate_.get());
        in_at_ = inflate_->next_in, in_left_ = inflate_->avail_in;
        if (rc < 0) return damaged(fmt::format("damaged deflate data: {}", isal_inflate_problem(rc)));
        produced = n - inflate_->avail_out;
        if (produced == 0) {
          if (inflate_->block_state == ISAL_BLOCK_FINISH) return finish();
          if (in_left_ == 0 && member_.packed_left == 0)
            return damaged(fmt::format("the deflate data ends early: its {} packed bytes give {} of {} bytes",
                                       entry.compressed_size, member_.unpacked, entry.size));
          continue;
        }
      }
      member_.crc = crc32_gzip_refl(member_.crc, buf, produced);
      member_.unpacked += produced;
      member_bytes_ += produced;
      if (member_.unpacked > entry.size)
        return damaged(fmt::format("size mismatch: the central directory says {} bytes, the data gives more", entry.size));
      return int64_t(produced);
    }
  }

  // ---- Zips with other methods (or encrypted members): libarchive at entry k, opened on first
  // need, then moved on header by header (its seekable reader visits the local headers in
  // file order, as the directory's entries are ordered).

  int64_t read_through_libarchive(char* buf, size_t n) {
    if (!at_member(current_)) return -1;
    const la_ssize_t got = archive_read_data(archive_, buf, n);
    if (got > 0) member_bytes_ += uint64_t(got);
    if (got >= 0) return got;
    error_ = describe();
    if (got == ARCHIVE_FATAL) restart_after_damage();
    return -1;
  }

  bool at_member(size_t k) {
    if (fatal_) return false;
    if (headers_read_ == k + 1) return true;
    if (!archive_ && !open()) return false;
    if (headers_read_ > k + 1) {  // members are read in order; a step back is a caller's error
      fail("zip: members read out of order");
      return false;
    }
    while (headers_read_ <= k) {
      archive_entry* entry = nullptr;
      const int rc = archive_read_next_header(archive_, &entry);
      if (rc == ARCHIVE_RETRY) continue;
      if (rc == ARCHIVE_EOF) {
        fail("zip: fewer members than its central directory lists");
        return false;
      }
      if (rc == ARCHIVE_FATAL || rc == ARCHIVE_FAILED || !entry) {
        fail(describe());
        return false;
      }
      headers_read_++;
      if (headers_read_ == k + 1 && archive_entry_filetype(entry) != AE_IFREG) {
        error_ = "zip: its local header gives the member another type than the central directory";
        return false;
      }
    }
    return true;
  }

  // libarchive gives up on a whole zip once one member's data is damaged (bad deflate data),
  // but the central directory says where every other member is: the reader starts again and
  // goes on from the next member, which costs reading the headers before it.
  void restart_after_damage() {
    if (++damaged_ > kMaxDamaged) {
      fatal_ = true;
      error_ += fmt::format(" (more than {} damaged members: the rest of the zip is not read)", kMaxDamaged);
      return;
    }
    archive_read_free(archive_);
    archive_ = nullptr;
    headers_read_ = 0;
  }

  bool open() {
    archive_ = archive_read_new();
    archive_read_support_format_zip_seekable(archive_);
    // libarchive reads the descriptor from where it stands: the start, also after a restart.
    const int rc = data_ ? archive_read_open_memory(archive_, data_, packed_size_)
                         : ::lseek(file_->fd(), 0, SEEK_SET) == 0 ? archive_read_open_fd(archive_, file_->fd(), 1 << 17)
                                                                  : ARCHIVE_FATAL;
    if (rc == ARCHIVE_OK) return true;
    fail(describe());
    return false;
  }

  std::string describe() const { return archive_problem(archive_); }

  // The bomb caps count the bytes members expand to (a zip inflates each on its own).
  bool over_limit() { return CappedMembers::over_limit(member_bytes_); }

  std::optional<RegularFile> file_;  // the zip on disk
  const void* data_ = nullptr;        // the zip in memory, else read from file_
  ReadAt read_at_;                    // reads either
  ZipDirectory dir_;
  size_t next_ = 0, current_ = SIZE_MAX;
  int damaged_ = 0;
  uint64_t member_bytes_ = 0;

  bool direct_ = false;  // the .py members are read from their local headers, not by libarchive
  struct {
    bool opened = false, done = false, failed = false;
    uint64_t packed_left = 0;  // packed bytes not yet read from the file, from packed_at
    uint64_t packed_at = 0;
    uint64_t unpacked = 0;
    uint32_t crc = 0;
  } member_;  // the member being read directly
  std::unique_ptr<uint8_t[]> packed_;      // kPackedChunk bytes of the member's packed data
  const uint8_t* in_at_ = nullptr;         // the packed bytes in hand, not yet used
  size_t in_left_ = 0;
  std::unique_ptr<inflate_state> inflate_;  // igzip's raw inflate, reset per member

  archive* archive_ = nullptr;
  size_t headers_read_ = 0;  // local headers libarchive has read
};

}  // namespace

std::unique_ptr<MemberReader> open_zip_members(const std::string& path, uint64_t size) {
  return std::make_unique<ZipMembers>(path, size);
}

std::unique_ptr<MemberReader> open_zip_in_memory(const void* data, size_t size) {
  return std::make_unique<ZipMembers>(data, size);
}

}  // namespace pep765
