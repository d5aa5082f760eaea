#include "extract/zip_members.h"

#include <archive.h>
#include <archive_entry.h>

#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <vector>

#include "extract/archive_limits.h"
#include "extract/regular_file.h"
#include "common/zip_directory.h"

namespace pep765 {

namespace {

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
    take(read_zip_directory(
        [&](uint64_t offset, size_t n, char* into) {
          while (n > 0) {
            const int64_t got = file_->read_at(offset, into, n);
            if (got <= 0) return false;
            offset += uint64_t(got), into += got, n -= size_t(got);
          }
          return true;
        },
        size));
  }
  ZipMembers(const void* data, size_t size) : data_(data) {
    packed_size_ = size;
    take(read_zip_directory(
        [&](uint64_t offset, size_t n, char* into) {
          if (offset > size || n > size - offset) return false;
          std::memcpy(into, static_cast<const char*>(data) + offset, n);
          return true;
        },
        size));
  }
  ~ZipMembers() override {
    if (archive_) archive_read_free(archive_);
  }

  bool next() override {
    if (fatal_ || over_limit()) return false;
    while (next_ < entries_.size()) {
      const size_t k = next_++;
      if (!entries_[k].regular || !is_python_name(entries_[k].name)) continue;
      current_ = k;
      error_.clear();
      return true;
    }
    return false;
  }
  const std::string& member_path() const override { return entries_[current_].name; }
  int64_t declared_size() const override { return int64_t(entries_[current_].size); }
  bool declared_crc32(uint32_t& crc, uint64_t& size) const override {
    if (current_ >= entries_.size()) return false;
    crc = entries_[current_].crc32;
    size = entries_[current_].size;
    return true;
  }
  int64_t read(char* buf, size_t n) override {
    if (over_limit() || !at_member(current_)) return -1;
    const la_ssize_t got = archive_read_data(archive_, buf, n);
    if (got > 0) member_bytes_ += uint64_t(got);
    if (got >= 0) return got;
    error_ = describe();
    if (got == ARCHIVE_FATAL) restart_after_damage();
    return -1;
  }

 private:
  void fail(std::string why) {
    error_ = std::move(why);
    fatal_ = true;
  }

  void take(ZipDirectory&& dir) {
    if (!dir.error.empty()) return fail(std::move(dir.error));
    entries_ = std::move(dir.entries);
  }

  // libarchive at entry k: opened on first need, then moved on header by header (its seekable
  // reader visits the local headers in file order, as the directory's entries are ordered).
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
  // goes on from the next member. A zip damaged over and over is given up after a few.
  void restart_after_damage() {
    if (++restarts_ > kMaxRestarts) {
      fatal_ = true;
      error_ += fmt::format(" (more than {} damaged members: the rest of the zip is not read)", kMaxRestarts);
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

  // The bomb caps count the bytes members expand to (a zip inflates each on its own).
  bool over_limit() { return CappedMembers::over_limit(member_bytes_); }

  std::string describe() const { return archive_problem(archive_); }

  std::optional<RegularFile> file_;  // the zip on disk
  const void* data_ = nullptr;        // the zip in memory, else read from file_
  std::vector<ZipDirectory::Entry> entries_;
  size_t next_ = 0, current_ = SIZE_MAX;
  archive* archive_ = nullptr;
  size_t headers_read_ = 0;  // local headers libarchive has read
  static constexpr int kMaxRestarts = 16;  // each costs reading the headers before the next member
  int restarts_ = 0;
  uint64_t member_bytes_ = 0;
};

}  // namespace

std::unique_ptr<MemberReader> open_zip_members(const std::string& path, uint64_t size) {
  return std::make_unique<ZipMembers>(path, size);
}

std::unique_ptr<MemberReader> open_zip_in_memory(const void* data, size_t size) {
  return std::make_unique<ZipMembers>(data, size);
}

}  // namespace pep765
