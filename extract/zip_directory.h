// A zip's member names as its central directory gives them: what pip and every installer
// read. The local headers before each member's data can name it otherwise (a wheel whose
// central directory says `vis/b.py` while a local header says `hid/x.py`); libarchive reports
// the local header's name, so the names are taken from here and matched to libarchive's
// members by their order in the file.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pep765 {

// Reads `size` bytes at `offset` into `into`; false when it cannot.
using ReadAt = std::function<bool(uint64_t offset, size_t size, char* into)>;

struct ZipDirectory {
  struct Entry {
    // UTF-8: names without the UTF-8 flag are read as CP437, as Python's zipfile does.
    std::string name;
    // The CRC-32 and uncompressed size the directory declares for the member.
    uint32_t crc32 = 0;
    uint64_t size = 0;
    // A regular file as libarchive types it from the directory: not a name ending in '/';
    // made on Unix, a mode whose type is none, a FIFO or a regular file (not a directory,
    // symbolic link or device); made on MS-DOS, without the directory attribute; made
    // anywhere else, any.
    bool regular = true;
  };
  // One entry per distinct local header, in the order of the members' data in the file (the
  // order libarchive's seekable zip reader visits them).
  std::vector<Entry> entries;
  std::string error;  // why the directory cannot be read (then entries is empty)
};

// `file_size`: the archive's size in bytes. Handles zip64.
ZipDirectory read_zip_directory(const ReadAt& read_at, uint64_t file_size);

}  // namespace pep765
