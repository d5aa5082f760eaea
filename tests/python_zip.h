// Zips written by Python's zipfile, for the unit tests of the zip readers: real zips from an
// independent writer, with what zipfile itself reads back from them.
#pragma once
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

namespace pep765_test {

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A file wrapper zipfile cannot seek in: a zip written through it has a data descriptor after
// each member's data (zipfile cannot go back to the local header to write the sizes).
inline const std::string kUnseekable = R"(
class Unseekable:
    def __init__(self, f): self.f = f
    def write(self, b): return self.f.write(b)
    def flush(self): self.f.flush()
)";

// Runs a Python program that writes a zip to the file sys.argv[1] (with json, sys, zipfile and
// zlib imported), then reads it back with zipfile. Returns the zip's bytes, its path, and
// zipfile's view of each member as JSON: name, crc, size, csize, offset, method, flags, and
// data_end (where its local header's name, extra field and packed data end).
struct PythonZip {
  std::string bytes;
  std::filesystem::path path;
  nlohmann::json members;
};
inline PythonZip python_zip(const std::string& name, const std::string& program) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "pep765-zip-tests";
  std::filesystem::create_directories(dir);
  const std::filesystem::path zip = dir / (name + ".zip"), script = dir / (name + ".py");
  std::ofstream(script) << "import json, struct, sys, zipfile, zlib\n"
                        << program << "\n"
                        << "raw = open(sys.argv[1], 'rb').read()\n"
                        << "def data_end(i):\n"
                        << "    n, e = struct.unpack('<HH', raw[i.header_offset + 26:i.header_offset + 30])\n"
                        << "    return i.header_offset + 30 + n + e + i.compress_size\n"
                        << "with zipfile.ZipFile(sys.argv[1]) as z:\n"
                        << "    print(json.dumps([dict(name=i.filename, crc=i.CRC, size=i.file_size,\n"
                        << "        csize=i.compress_size, offset=i.header_offset, method=i.compress_type,\n"
                        << "        flags=i.flag_bits, data_end=data_end(i)) for i in z.infolist()]))\n";
  const std::string command = std::string(PYTHON3) + " " + script.string() + " " + zip.string();
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  for (size_t got; (got = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, got);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return {slurp(zip), zip, nlohmann::json::parse(out)};
}

}  // namespace pep765_test
