// The central directory parser (common/zip_directory.h) over real zips: ones Python's zipfile
// writes (seekable, and streamed with data descriptors), and ones built byte by byte here for
// what zipfile never writes for small members (a zip64 central directory, gaps, lies).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <cstring>
#include <string>
#include <vector>

#include "common/zip_directory.h"
#include "tests/python_zip.h"

using namespace pep765;
using pep765_test::python_zip;

namespace {

ZipDirectory parse(const std::string& zip) {
  return read_zip_directory(
      [&](uint64_t offset, size_t n, char* into) {
        if (offset > zip.size() || n > zip.size() - offset) return false;
        std::memcpy(into, zip.data() + offset, n);
        return true;
      },
      zip.size());
}

uint32_t u32_at(const std::string& s, uint64_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--) v = v << 8 | uint8_t(s[at + i]);
  return v;
}

// Python's view of each member against ours; entries by offset, as Python lists them for
// zips it writes.
void expect_same_entries(const ZipDirectory& dir, const nlohmann::json& expected) {
  ASSERT_EQ(dir.error, "");
  ASSERT_EQ(dir.entries.size(), expected.size());
  for (size_t k = 0; k < expected.size(); k++) {
    const ZipDirectory::Entry& e = dir.entries[k];
    SCOPED_TRACE(e.name);
    EXPECT_EQ(e.name, expected[k]["name"]);
    EXPECT_EQ(e.crc32, expected[k]["crc"]);
    EXPECT_EQ(e.size, expected[k]["size"]);
    EXPECT_EQ(e.compressed_size, expected[k]["csize"]);
    EXPECT_EQ(e.offset, expected[k]["offset"]);
    EXPECT_EQ(e.method, expected[k]["method"]);
    EXPECT_EQ(e.flags, expected[k]["flags"]);
  }
}

// Every member's span starts at its local header and ends at the next one (or the central
// directory): for these zips, written without gaps, that is exact.
void expect_spans_meet(const std::string& zip, const ZipDirectory& dir) {
  for (size_t k = 0; k < dir.entries.size(); k++) {
    const ZipSpan span = zip_member_span(dir, k);
    SCOPED_TRACE(dir.entries[k].name);
    EXPECT_EQ(span.error, "");
    EXPECT_EQ(span.begin, dir.entries[k].offset);
    EXPECT_EQ(u32_at(zip, span.begin), 0x04034b50u);  // a local header's signature
    EXPECT_EQ(span.end, k + 1 < dir.entries.size() ? dir.entries[k + 1].offset : dir.directory_offset);
  }
}

// The directory of a zip Python's zipfile wrote, checked against what zipfile reads of it.
ZipDirectory parse_as_python_does(const std::string& zip, const nlohmann::json& expected) {
  ZipDirectory dir = parse(zip);
  expect_same_entries(dir, expected);
  expect_spans_meet(zip, dir);
  return dir;
}

// A zip built byte by byte: what zipfile writes for small members only with a 4 GB member.
struct Member {
  std::string name, data;
  uint16_t flags = 0;
  bool zip64 = false;         // the directory's sizes and offset all in a zip64 extra field
  size_t gap_after = 0;       // junk bytes after the member, before the next local header
  int64_t offset_shift = 0;   // added to the offset the directory declares
  uint64_t declared_csize = 0;  // when not 0, the compressed size the directory declares
};

void put16(std::string& s, uint16_t v) { s += char(v & 0xFF), s += char(v >> 8); }
void put32(std::string& s, uint32_t v) { put16(s, uint16_t(v)), put16(s, uint16_t(v >> 16)); }
void put64(std::string& s, uint64_t v) { put32(s, uint32_t(v)), put32(s, uint32_t(v >> 32)); }

std::string build_zip(const std::vector<Member>& members, bool zip64_end) {
  std::string zip, cd;
  for (const Member& m : members) {
    const uint64_t offset = zip.size();
    const uint32_t crc = uint32_t(crc32(0, reinterpret_cast<const Bytef*>(m.data.data()), uInt(m.data.size())));
    put32(zip, 0x04034b50), put16(zip, 20), put16(zip, m.flags), put16(zip, 0), put32(zip, 0);
    put32(zip, crc), put32(zip, uint32_t(m.data.size())), put32(zip, uint32_t(m.data.size()));
    put16(zip, uint16_t(m.name.size())), put16(zip, 0);
    zip += m.name + m.data + std::string(m.gap_after, 'J');
    const uint64_t csize = m.declared_csize ? m.declared_csize : m.data.size();
    const uint64_t declared_offset = uint64_t(int64_t(offset) + m.offset_shift);
    put32(cd, 0x02014b50), put16(cd, 3 << 8 | 20), put16(cd, 20), put16(cd, m.flags), put16(cd, 0), put32(cd, 0);
    put32(cd, crc);
    put32(cd, m.zip64 ? 0xFFFFFFFF : uint32_t(csize));
    put32(cd, m.zip64 ? 0xFFFFFFFF : uint32_t(m.data.size()));
    put16(cd, uint16_t(m.name.size())), put16(cd, m.zip64 ? 28 : 0), put16(cd, 0), put16(cd, 0), put16(cd, 0);
    put32(cd, 0100644u << 16);
    put32(cd, m.zip64 ? 0xFFFFFFFF : uint32_t(declared_offset));
    cd += m.name;
    if (m.zip64) put16(cd, 1), put16(cd, 24), put64(cd, m.data.size()), put64(cd, csize), put64(cd, declared_offset);
  }
  const uint64_t cd_offset = zip.size();
  zip += cd;
  if (zip64_end) {
    const uint64_t record = zip.size();
    put32(zip, 0x06064b50), put64(zip, 44), put16(zip, 45), put16(zip, 45), put32(zip, 0), put32(zip, 0);
    put64(zip, members.size()), put64(zip, members.size()), put64(zip, cd.size()), put64(zip, cd_offset);
    put32(zip, 0x07064b50), put32(zip, 0), put64(zip, record), put32(zip, 1);
  }
  put32(zip, 0x06054b50), put16(zip, 0), put16(zip, 0);
  put16(zip, zip64_end ? 0xFFFF : uint16_t(members.size())), put16(zip, zip64_end ? 0xFFFF : uint16_t(members.size()));
  put32(zip, zip64_end ? 0xFFFFFFFF : uint32_t(cd.size())), put32(zip, zip64_end ? 0xFFFFFFFF : uint32_t(cd_offset));
  put16(zip, 0);
  return zip;
}

}  // namespace

TEST(ZipDirectory, ReadsWhatPythonsZipfileWrites) {
  const auto [zip, path, expected] = python_zip("seekable", R"(
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('pkg/__init__.py', 'x = 1\n' * 1000, zipfile.ZIP_DEFLATED)
    z.writestr('pkg/stored.py', 'y = 2\n', zipfile.ZIP_STORED)
    z.writestr('pkg/lib.so', bytes(range(256)) * 64, zipfile.ZIP_DEFLATED)
    with z.open('pkg/big64.py', 'w', force_zip64=True) as f:  # a zip64 local header
        f.write(b'def f():\n    pass\n' * 500)
    z.writestr('pkg-1.0.dist-info/RECORD', '')
)");
  const ZipDirectory dir = parse_as_python_does(zip, expected);
  EXPECT_EQ(dir.entries[0].method, 8);
  EXPECT_EQ(dir.entries[1].method, 0);
  EXPECT_LT(dir.entries[0].compressed_size, dir.entries[0].size);
  for (const auto& e : dir.entries) EXPECT_FALSE(e.has_data_descriptor() || e.encrypted() || e.zip64) << e.name;
  EXPECT_EQ(dir.directory_offset + dir.directory_size + 22, zip.size());
}

TEST(ZipDirectory, SpansCoverDataDescriptorsOfAStreamedZip) {
  // Written to a stream it cannot seek in, zipfile cannot go back to a local header: the sizes
  // follow the data in a data descriptor, 8-byte ones for the zip64 member.
  const auto [zip, path, expected] = python_zip("streamed", pep765_test::kUnseekable + R"(
with zipfile.ZipFile(Unseekable(open(sys.argv[1], 'wb')), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('a/one.py', 'print(1)\n' * 300)
    with z.open('a/two64.py', 'w', force_zip64=True) as f:
        f.write(b'import os\n' * 300)
    z.writestr('a/three.py', 'pass\n')
)");
  const ZipDirectory dir = parse_as_python_does(zip, expected);
  ASSERT_EQ(dir.entries.size(), 3u);
  for (size_t k = 0; k < 3; k++) {
    const ZipDirectory::Entry& e = dir.entries[k];
    EXPECT_TRUE(e.has_data_descriptor()) << e.name;
    // The descriptor (signature, CRC-32, sizes) is the last thing in the span.
    const uint64_t descriptor = k == 1 ? 24 : 16;
    const uint64_t end = zip_member_span(dir, k).end;
    EXPECT_EQ(u32_at(zip, end - descriptor), 0x08074b50u) << e.name;
    EXPECT_EQ(u32_at(zip, end - descriptor + 4), e.crc32) << e.name;
  }
}

TEST(ZipDirectory, Zip64DirectoryAndEndRecord) {
  std::vector<Member> members(3);
  members[0] = {"m/a.py", std::string(5000, 'a'), 0, true};
  members[1] = {"m/b.py", "b = 1\n", 0x0008, false};
  members[2] = {"m/c.py", std::string(70, 'c'), 0x0001, true};
  const std::string zip = build_zip(members, true);
  const ZipDirectory dir = parse(zip);
  ASSERT_EQ(dir.error, "");
  ASSERT_EQ(dir.entries.size(), 3u);
  const uint64_t header = kZipLocalHeaderBytes + 6;  // every name here is 6 bytes
  EXPECT_EQ(dir.entries[0].offset, 0u);
  EXPECT_EQ(dir.entries[1].offset, header + 5000);
  EXPECT_EQ(dir.entries[2].offset, 2 * header + 5000 + 6);
  EXPECT_EQ(dir.entries[0].size, 5000u);
  EXPECT_EQ(dir.entries[0].compressed_size, 5000u);
  EXPECT_EQ(dir.entries[2].size, 70u);
  EXPECT_TRUE(dir.entries[0].zip64);
  EXPECT_FALSE(dir.entries[1].zip64);
  EXPECT_TRUE(dir.entries[1].has_data_descriptor());
  EXPECT_FALSE(dir.entries[1].encrypted());
  EXPECT_TRUE(dir.entries[2].encrypted());
  EXPECT_EQ(dir.directory_offset, 3 * header + 5000 + 6 + 70);
  expect_spans_meet(zip, dir);
}

TEST(ZipDirectory, SpanIsBoundedByWhatAMemberCanTake) {
  // 300 KB of junk after the first member: its span stops at the most a local header, its
  // compressed data and a zip64 data descriptor can take, not at the next member.
  std::vector<Member> members(2);
  members[0] = {"g/a.py", "a = 1\n", 0, false, 300000};
  members[1] = {"g/b.py", "b = 2\n"};
  const std::string zip = build_zip(members, false);
  const ZipDirectory dir = parse(zip);
  ASSERT_EQ(dir.error, "");
  const ZipSpan span = zip_member_span(dir, 0);
  EXPECT_EQ(span.error, "");
  EXPECT_EQ(span.begin, 0u);
  EXPECT_EQ(span.end, kZipMaxLocalHeaderBytes + 6 + kZipMaxDataDescriptorBytes);
  EXPECT_LT(span.end, dir.entries[1].offset);
  EXPECT_EQ(zip_member_span(dir, 1).end, dir.directory_offset);
}

TEST(ZipDirectory, SpanRefusesMembersTheDirectoryPlacesWhereTheyCannotBe) {
  // A local header declared past the central directory's start.
  std::vector<Member> members(2);
  members[0] = {"p/a.py", "a = 1\n"};
  members[1] = {"p/b.py", "b = 2\n", 0, false, 0, 1000};
  ZipDirectory dir = parse(build_zip(members, false));
  ASSERT_EQ(dir.error, "");
  ZipSpan span = zip_member_span(dir, 1);
  EXPECT_EQ(span.begin, span.end);
  EXPECT_EQ(span.error, fmt::format("zip: the central directory places p/b.py's local header at {}, not before the "
                                    "directory at {}",
                                    dir.entries[1].offset, dir.directory_offset));
  // A compressed size larger than the room before the next member.
  members[1] = {"p/b.py", "b = 2\n"};
  members[0].declared_csize = 100000;
  dir = parse(build_zip(members, false));
  span = zip_member_span(dir, 0);
  EXPECT_EQ(span.begin, span.end);
  EXPECT_EQ(span.error, "zip: p/a.py declares 100000 bytes packed, but only 42 bytes lie before the next member");
  EXPECT_EQ(zip_member_span(dir, 1).error, "");
}
