// The zip member reader (extract/zip_members.h) over wheels Python's zipfile writes: a sparse
// copy holding only the .py members' bytes reads as the whole wheel, and a member whose bytes
// disagree with the central directory (CRC-32, size, local header) fails alone.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <string>
#include <vector>

#include "common/zip_directory.h"
#include "extract/zip_members.h"
#include "tests/python_zip.h"

using namespace pep765;
using pep765_test::python_zip;
using pep765_test::PythonZip;

namespace {

// Each .py member the reader gives: its name, then its bytes or "!" and the error.
std::vector<std::pair<std::string, std::string>> read_all(MemberReader& reader) {
  std::vector<std::pair<std::string, std::string>> out;
  while (reader.next()) {
    std::string bytes;
    char buf[5000];  // an odd size: members end mid-buffer
    int64_t got;
    while ((got = reader.read(buf, sizeof buf)) > 0) bytes.append(buf, size_t(got));
    out.emplace_back(reader.member_path(), got < 0 ? "!" + reader.error() : bytes);
    if (reader.fatal()) break;
  }
  if (reader.fatal()) out.emplace_back("(fatal)", reader.error());
  return out;
}

std::vector<std::pair<std::string, std::string>> read_all(const std::string& zip) {
  auto reader = open_zip_in_memory(zip.data(), zip.size());
  return read_all(*reader);
}

// Members of one wheel: .py modules (deflated, stored, and one of 3 MB that takes many reads)
// between large members that are not Python. `writer` opens the zip: a seekable file, or a
// stream that cannot seek (then every member has a data descriptor).
std::string wheel_program(const std::string& writer) {
  return writer + R"(
import random
rng = random.Random(765)
with z:
    z.writestr('pkg/_native.so', rng.randbytes(1 << 20))
    z.writestr('pkg/__init__.py', 'def f():\n    try:\n        pass\n    finally:\n        return 1\n' * 50)
    z.writestr('pkg/table.bin', rng.randbytes(300000), zipfile.ZIP_STORED)
    z.writestr('pkg/stored.py', 'x = 1\n' * 100, zipfile.ZIP_STORED)
    z.writestr('pkg/big.py', ''.join(f'v{i} = {rng.random()!r}\n' for i in range(120000)))
    z.writestr('pkg/empty.py', '')
    z.writestr('pkg/data/blob.dat', rng.randbytes(200000))
    z.writestr('pkg-1.0.dist-info/RECORD', 'pkg/__init__.py,,\n')
)";
}

const char* kSeekableWriter = "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)";
const std::string kStreamWriter =
    pep765_test::kUnseekable + "z = zipfile.ZipFile(Unseekable(open(sys.argv[1], 'wb')), 'w', zipfile.ZIP_DEFLATED)";

// A sparse file of the zip's size holding only each .py member's local header and packed data
// (not its data descriptor) and the central directory to the end: holes read as zeros.
std::string sparse_copy(const PythonZip& zip, const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::ftruncate(fd, off_t(zip.bytes.size())), 0);
  auto keep = [&](uint64_t begin, uint64_t end) {
    EXPECT_EQ(::pwrite(fd, zip.bytes.data() + begin, end - begin, off_t(begin)), ssize_t(end - begin));
  };
  for (const auto& m : zip.members)
    if (std::string(m["name"]).ends_with(".py")) keep(m["offset"], m["data_end"]);
  const uint64_t eocd = zip.bytes.rfind("PK\x05\x06");
  const uint64_t cd_offset = uint8_t(zip.bytes[eocd + 16]) | uint8_t(zip.bytes[eocd + 17]) << 8 |
                             uint8_t(zip.bytes[eocd + 18]) << 16 | uint64_t(uint8_t(zip.bytes[eocd + 19])) << 24;
  keep(cd_offset, zip.bytes.size());
  ::close(fd);
  return pep765_test::slurp(path);
}

// The central directory entry of `name` in `zip`: where it starts.
size_t directory_entry(const std::string& zip, const std::string& name) {
  const size_t at = zip.rfind(name);
  EXPECT_NE(at, std::string::npos);
  EXPECT_EQ(zip.compare(at - 46, 4, "PK\x01\x02"), 0);
  return at - 46;
}

void put32(std::string& zip, size_t at, uint32_t v) {
  for (int i = 0; i < 4; i++) zip[at + i] = char(v >> (8 * i));
}

uint32_t crc_of(const std::string& s) { return uint32_t(crc32(0, reinterpret_cast<const Bytef*>(s.data()), uInt(s.size()))); }

const nlohmann::json& member(const PythonZip& zip, const std::string& name) {
  for (const auto& m : zip.members)
    if (m["name"] == name) return m;
  throw std::runtime_error("no member " + name);
}

}  // namespace

TEST(ZipMembers, ASparseCopyOfTheDotPyMembersReadsAsTheWholeWheel) {
  for (const std::string& writer : {std::string(kSeekableWriter), kStreamWriter}) {
    SCOPED_TRACE(writer);
    const PythonZip zip = python_zip("sparse-source", wheel_program(writer));
    const std::string sparse_path = zip.path.string() + ".sparse";
    const std::string sparse = sparse_copy(zip, sparse_path);
    ASSERT_EQ(sparse.size(), zip.bytes.size());
    // What was left out really is gone: the shared library's local header reads as zeros.
    const uint64_t native = member(zip, "pkg/_native.so")["offset"];
    EXPECT_EQ(sparse.substr(native, 4), std::string(4, '\0'));

    const auto whole = read_all(zip.bytes);
    ASSERT_EQ(whole.size(), 4u);
    EXPECT_EQ(whole[0].first, "pkg/__init__.py");
    EXPECT_EQ(whole[1], std::make_pair(std::string("pkg/stored.py"), [] {
                std::string s;
                for (int i = 0; i < 100; i++) s += "x = 1\n";
                return s;
              }()));
    EXPECT_EQ(whole[2].first, "pkg/big.py");
    EXPECT_GT(whole[2].second.size(), 2u << 20);  // read in many chunks
    EXPECT_EQ(whole[3], std::make_pair(std::string("pkg/empty.py"), std::string()));
    for (const auto& [name, bytes] : whole) {
      EXPECT_NE(bytes.substr(0, 1), "!") << name << bytes;
      EXPECT_EQ(crc_of(bytes), member(zip, name)["crc"]) << name;
    }
    // The sparse file on disk, and in memory: the same members, the same bytes.
    EXPECT_EQ(read_all(*open_zip_members(sparse_path, sparse.size())), whole);
    EXPECT_EQ(read_all(sparse), whole);
  }
}

TEST(ZipMembers, AFlippedByteFailsItsMemberByCrc32AndTheRestIsRead) {
  PythonZip zip = python_zip("crc", R"(
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('c/a.py', 'a = 1\n' * 10)
    z.writestr('c/b.py', 'b = 2\n' * 10)
    z.writestr('c/c.py', 'c = 3\n' * 10)
)");
  const nlohmann::json& b = member(zip, "c/b.py");
  const uint64_t data = uint64_t(b["data_end"]) - uint64_t(b["csize"]);
  zip.bytes[data + 3] ^= 0x20;  // "b = 2" -> "b   2": same length, another CRC-32
  std::string changed;
  for (int i = 0; i < 10; i++) changed += "b = 2\n";
  changed[3] ^= 0x20;
  const auto got = read_all(zip.bytes);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1].second, fmt::format("!CRC-32 mismatch: the central directory says 0x{:08x}, the data gives 0x{:08x}",
                                       uint32_t(b["crc"]), crc_of(changed)));
  EXPECT_EQ(got[0].second.size(), 60u);
  EXPECT_EQ(got[2].second.size(), 60u);
}

TEST(ZipMembers, ASizeTheDataDoesNotHaveFailsItsMember) {
  const PythonZip zip = python_zip("size", R"(
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('s/a.py', 'a = 1\n' * 100)
    z.writestr('s/b.py', 'b = 2\n' * 100)
    z.writestr('s/c.py', 'c = 3\n' * 100, zipfile.ZIP_STORED)
)");
  // The directory declares a byte more, a byte less, and a stored member packed in more.
  std::string longer = zip.bytes, shorter = zip.bytes, stored = zip.bytes;
  put32(longer, directory_entry(longer, "s/a.py") + 24, 601);
  put32(shorter, directory_entry(shorter, "s/a.py") + 24, 599);
  put32(stored, directory_entry(stored, "s/c.py") + 24, 601);
  auto got = read_all(longer);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].second, "!size mismatch: the central directory says 601 bytes, the data gives 600");
  EXPECT_EQ(got[1].second.size(), 600u);
  got = read_all(shorter);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].second, "!size mismatch: the central directory says 599 bytes, the data gives more");
  EXPECT_EQ(got[2].second.size(), 600u);
  got = read_all(stored);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2].second, "!size mismatch: the central directory says 601 bytes, stored in 600");
  EXPECT_EQ(got[1].second.size(), 600u);
}

TEST(ZipMembers, ALocalHeaderWithoutItsSignatureFailsItsMember) {
  PythonZip zip = python_zip("signature", R"(
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('h/a.py', 'a = 1\n')
    z.writestr('h/b.py', 'b = 2\n')
)");
  const uint64_t offset = member(zip, "h/a.py")["offset"];
  zip.bytes.replace(offset, 4, "PK\x07\x08");
  const auto got = read_all(zip.bytes);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].second, fmt::format("!no local header at offset {}, where the central directory places it", offset));
  EXPECT_EQ(got[1].second, "b = 2\n");
}

TEST(ZipMembers, DamagedDeflateDataFailsItsMemberUntilTooManyAreDamaged) {
  PythonZip zip = python_zip("damaged", R"(
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for k in range(20):
        z.writestr(f'd/m{k:02}.py', f'y = {k}\n' * 300)
)");
  for (const auto& m : zip.members)  // a block type deflate does not have (BFINAL=1, BTYPE=11)
    if (m["name"] != "d/m00.py") zip.bytes[uint64_t(m["data_end"]) - uint64_t(m["csize"])] = 0x07;
  const auto got = read_all(zip.bytes);
  ASSERT_EQ(got.size(), 19u);  // m00, then m01..m17 damaged, the 17th giving up
  EXPECT_EQ(got[0].second.size(), 6u * 300);
  EXPECT_EQ(got[1].second, "!damaged deflate data: invalid deflate block");
  EXPECT_EQ(got[17].first, "d/m17.py");
  EXPECT_EQ(got[17].second, "!damaged deflate data: invalid deflate block (more than 16 damaged members: the rest of "
                            "the zip is not read)");
  EXPECT_EQ(got[18].first, "(fatal)");
}

TEST(ZipMembers, OtherMethodsAreReadThroughLibarchive) {
  // A bzip2 member among deflated ones: the whole zip goes through libarchive, which reads it.
  const PythonZip zip = python_zip("bzip2", R"(
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('o/a.py', 'a = 1\n' * 40)
    z.writestr('o/b.py', 'b = 2\n' * 40, zipfile.ZIP_BZIP2)
    z.writestr('o/c.py', 'c = 3\n' * 40, zipfile.ZIP_LZMA)
)");
  EXPECT_EQ(member(zip, "o/b.py")["method"], 12);
  const auto got = read_all(zip.bytes);
  ASSERT_EQ(got.size(), 3u);
  for (const auto& [name, bytes] : got) EXPECT_EQ(crc_of(bytes), member(zip, name)["crc"]) << name << bytes;
}
