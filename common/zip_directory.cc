#include "common/zip_directory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace pep765 {

namespace {

uint16_t u16(const char* p) { return uint16_t(uint8_t(p[0]) | uint8_t(p[1]) << 8); }
uint32_t u32(const char* p) { return uint32_t(u16(p)) | uint32_t(u16(p + 2)) << 16; }
uint64_t u64(const char* p) { return uint64_t(u32(p)) | uint64_t(u32(p + 4)) << 32; }

// The central directory may not be larger than this: a real wheel's is kilobytes to a few
// megabytes, and reading it is the one allocation a hostile zip could inflate.
constexpr uint64_t kMaxDirectoryBytes = 256u << 20;

// CP437's upper half, as Unicode code points (Python's zipfile decodes names without the
// UTF-8 flag this way).
constexpr uint16_t kCp437High[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC,
    0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2,
    0x00A3, 0x00A5, 0x20A7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310,
    0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C,
    0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559,
    0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580, 0x03B1, 0x00DF,
    0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2,
    0x25A0, 0x00A0};

std::string cp437_to_utf8(std::string_view raw) {
  std::string out;
  for (unsigned char c : raw) {
    const uint32_t cp = c < 0x80 ? c : kCp437High[c - 0x80];
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | cp >> 6);
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xE0 | cp >> 12);
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

// The type libarchive's zip reader gives a member, from the "version made by" system byte and
// the external attributes (tests/e2e_analyze.py lists what it gives for each).
bool is_regular(uint8_t system, uint32_t external_attributes, std::string_view name) {
  if (!name.empty() && name.back() == '/') return false;
  if (system == 3) {  // Unix: the mode's type
    const uint32_t type = (external_attributes >> 16) & 0170000;
    return type == 0 || type == 0010000 || type == 0100000;
  }
  if (system == 0) return !(external_attributes & 0x10);  // MS-DOS: the directory attribute
  return true;
}

}  // namespace

ZipDirectory read_zip_directory(const ReadAt& read_at, uint64_t file_size) {
  ZipDirectory dir;
  auto fail = [&](std::string why) {
    dir.entries.clear();
    dir.error = "zip central directory: " + why;
    return dir;
  };
  // The end record: 22 bytes, then up to 65,535 bytes of comment, at the very end.
  const uint64_t tail_size = std::min<uint64_t>(file_size, 22 + 65535);
  std::string tail(tail_size, '\0');
  if (tail_size < 22 || !read_at(file_size - tail_size, tail_size, tail.data())) return fail("no end record");
  size_t eocd = std::string::npos;
  for (size_t i = tail_size - 22 + 1; i-- > 0;)
    if (u32(&tail[i]) == 0x06054b50 && i + 22 + u16(&tail[i + 20]) == tail_size) {
      eocd = i;
      break;
    }
  if (eocd == std::string::npos) return fail("no end record");
  uint64_t entries = u16(&tail[eocd + 10]);
  uint64_t cd_size = u32(&tail[eocd + 12]);
  uint64_t cd_offset = u32(&tail[eocd + 16]);
  if (entries == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF) {
    // zip64: a locator just before the end record points at the zip64 end record.
    const uint64_t eocd_at = file_size - tail_size + eocd;
    char loc[20], rec[56];
    if (eocd_at < 20 || !read_at(eocd_at - 20, 20, loc) || u32(loc) != 0x07064b50) return fail("no zip64 locator");
    const uint64_t rec_at = u64(loc + 8);
    if (rec_at > file_size - 56 || !read_at(rec_at, 56, rec) || u32(rec) != 0x06064b50) return fail("no zip64 end record");
    entries = u64(rec + 32);
    cd_size = u64(rec + 40);
    cd_offset = u64(rec + 48);
  }
  if (cd_size > kMaxDirectoryBytes) return fail(fmt::format("{} bytes, over the limit of {}", cd_size, kMaxDirectoryBytes));
  if (cd_offset > file_size || cd_size > file_size - cd_offset) return fail("points past the end of the file");
  dir.directory_offset = cd_offset;
  dir.directory_size = cd_size;
  std::string cd(cd_size, '\0');
  if (cd_size && !read_at(cd_offset, cd_size, cd.data())) return fail("cannot be read");
  // offset of the local header -> name; the first entry naming an offset wins, as libarchive
  // visits each local header once.
  std::map<uint64_t, ZipDirectory::Entry> by_offset;
  size_t at = 0;
  for (uint64_t n = 0; n < entries; n++) {
    if (at + 46 > cd.size() || u32(&cd[at]) != 0x02014b50) return fail(fmt::format("entry {} is malformed", n + 1));
    const uint16_t flags = u16(&cd[at + 8]);
    const size_t name_len = u16(&cd[at + 28]), extra_len = u16(&cd[at + 30]), comment_len = u16(&cd[at + 32]);
    if (at + 46 + name_len + extra_len + comment_len > cd.size()) return fail(fmt::format("entry {} is cut short", n + 1));
    ZipDirectory::Entry entry;
    entry.flags = flags;
    entry.method = u16(&cd[at + 10]);
    entry.crc32 = u32(&cd[at + 16]);
    entry.compressed_size = u32(&cd[at + 20]);
    entry.size = u32(&cd[at + 24]);
    entry.offset = u32(&cd[at + 42]);
    // The zip64 extra field holds, in order, those of the uncompressed size, compressed size
    // and local header offset whose 32-bit fields are all ones.
    const char* extra = &cd[at + 46 + name_len];
    for (size_t e = 0; e + 4 <= extra_len;) {
      const uint16_t id = u16(extra + e), len = u16(extra + e + 2);
      if (e + 4 + len > extra_len) break;
      if (id == 0x0001) {
        entry.zip64 = true;
        size_t field = 0;
        for (uint64_t* value : {&entry.size, &entry.compressed_size, &entry.offset}) {
          if (*value != 0xFFFFFFFF) continue;
          if (field + 8 <= len) *value = u64(extra + e + 4 + field);
          field += 8;
        }
      }
      e += 4 + len;
    }
    std::string_view raw(&cd[at + 46], name_len);
    const bool utf8 = flags & 0x0800;
    entry.name = utf8 ? std::string(raw) : cp437_to_utf8(raw);
    entry.regular = is_regular(uint8_t(cd[at + 5]), u32(&cd[at + 38]), entry.name);
    const uint64_t offset = entry.offset;
    by_offset.emplace(offset, std::move(entry));
    at += 46 + name_len + extra_len + comment_len;
  }
  dir.entries.reserve(by_offset.size());
  for (auto& [offset, entry] : by_offset) dir.entries.push_back(std::move(entry));
  return dir;
}

ZipSpan zip_member_span(const ZipDirectory& dir, size_t k) {
  ZipSpan span;
  const ZipDirectory::Entry& entry = dir.entries.at(k);
  if (entry.offset >= dir.directory_offset) {
    span.error = fmt::format("zip: the central directory places {}'s local header at {}, not before the directory at {}",
                             entry.name, entry.offset, dir.directory_offset);
    return span;
  }
  // Entries are ordered by offset: the next one's local header ends this member's room.
  uint64_t end = dir.directory_offset;
  if (k + 1 < dir.entries.size()) end = std::min(end, dir.entries[k + 1].offset);
  const uint64_t room = end - entry.offset;
  if (entry.compressed_size > room || room - entry.compressed_size < kZipLocalHeaderBytes) {
    span.error = fmt::format("zip: {} declares {} bytes packed, but only {} bytes lie before the next member",
                             entry.name, entry.compressed_size, room);
    return span;
  }
  const uint64_t most = kZipMaxLocalHeaderBytes + entry.compressed_size + kZipMaxDataDescriptorBytes;
  span.begin = entry.offset;
  span.end = entry.offset + std::min(room, most);
  return span;
}

}  // namespace pep765
