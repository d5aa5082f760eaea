// A zip's members as its central directory gives them: what pip and every installer read. The
// local headers before each member's data can name it otherwise (a wheel whose central
// directory says `vis/b.py` while a local header says `hid/x.py`); the names are taken from
// here. Everything a reader needs to fetch or read one member on its own is here too (where its
// local header is, its method, flags and sizes), so that fetch/ can ask for only the byte
// ranges of the members it wants and extract/ can read them without walking the others.
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
    // The member's bytes as stored: compressed size, and the offset of its local header from
    // the start of the file. Zip64 values where the directory's 32-bit fields overflow.
    uint64_t compressed_size = 0;
    uint64_t offset = 0;
    uint16_t method = 0;  // 0 stored, 8 deflated; anything else needs another reader
    uint16_t flags = 0;   // the general-purpose bit flags, as the directory gives them
    // The directory's entry carries a zip64 extra field: its local header then usually does
    // too, and a data descriptor after its data holds 8-byte sizes.
    bool zip64 = false;
    // A regular file as libarchive types it from the directory: not a name ending in '/';
    // made on Unix, a mode whose type is none, a FIFO or a regular file (not a directory,
    // symbolic link or device); made on MS-DOS, without the directory attribute; made
    // anywhere else, any.
    bool regular = true;

    bool encrypted() const { return flags & 0x0041; }          // bit 0, or bit 6 (strong)
    bool has_data_descriptor() const { return flags & 0x0008; }  // bit 3: sizes after the data
  };
  // One entry per distinct local header, in the order of the members' data in the file (the
  // order libarchive's seekable zip reader visits them): by offset.
  std::vector<Entry> entries;
  // Where the central directory starts, and its length: the members' bytes all lie before it.
  uint64_t directory_offset = 0, directory_size = 0;
  std::string error;  // why the directory cannot be read (then entries is empty)
};

// `file_size`: the archive's size in bytes. Handles zip64.
ZipDirectory read_zip_directory(const ReadAt& read_at, uint64_t file_size);

// The byte range [begin, end) of the file that holds entry k's local header, data and data
// descriptor, if any. The local header is 30 bytes, then a name and an extra field whose
// lengths only the local header itself gives (they may differ from the directory's), so `end`
// is a bound, not the exact end: the next member's local header (or the central directory's
// start, after the last member), and never more than the most a local header, the compressed
// data and a zip64 data descriptor can take. Reading [begin, end) always covers the member;
// its exact extent is known once the local header is read. `error` is set, and the range
// empty, when the directory places the member where it cannot be: its local header at or past
// the central directory, or too little room before the next member for a local header and the
// compressed size the directory declares.
struct ZipSpan {
  uint64_t begin = 0, end = 0;
  std::string error;
};
ZipSpan zip_member_span(const ZipDirectory& dir, size_t k);

// The size of a local header's fixed part, and the most its name and extra field can add.
inline constexpr uint64_t kZipLocalHeaderBytes = 30;
inline constexpr uint64_t kZipMaxLocalHeaderBytes = kZipLocalHeaderBytes + 0xFFFF + 0xFFFF;
// A data descriptor: optional signature, CRC-32, and two sizes of 4 bytes (8 in zip64).
inline constexpr uint64_t kZipMaxDataDescriptorBytes = 4 + 4 + 8 + 8;

}  // namespace pep765
