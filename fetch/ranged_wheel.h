// A wheel read by HTTP ranges, as pip's lazy wheel and uv read them: a bounded range of the
// file's tail (the end-of-central-directory record, zip64's, and usually the central
// directory), a second bounded range when the directory starts before the tail, then only the
// byte ranges of the members the analysis reads (the .py files), nearby members joined into
// one range and several ranges to a request where the server answers multipart/byteranges.
// The bytes go at their offsets into DEST.PID.part, made the declared size (sparse: the bytes
// never read take no disk), renamed into place when every range is there. The whole file's
// sha256 cannot be checked so; each member's CRC-32 and size are, when the analysis reads it.
//
// Whatever the server does otherwise ends in a whole download, the reason said: a range
// answered with 200 (its body is the whole file, checked against the sha256), 416 or 501, no
// Accept-Ranges: bytes, a Content-Range that disagrees with the declared size or what was
// asked, or a central directory that cannot be read from the ranges.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/zip_directory.h"
#include "fetch/transfers.h"

namespace pep765 {

// The tail asked for first: the end record with the longest comment (64 KiB) and, for most
// wheels, the whole central directory (a thousand members take about 100 KB of it).
constexpr uint64_t kWheelTailBytes = 128u << 10;
// A wheel this small is read whole: its tail alone is a good part of it.
constexpr uint64_t kMinRangedWheelBytes = 512u << 10;
// Members closer than this are read as one range (scripts/bench-fetch measures it).
constexpr uint64_t kDefaultRangeGap = 64u << 10;

// A module of the release's sdist as analysis stored it (sql/analysis_records.h,
// analyzed_sdist_modules): its path within the package (without the sdist's top folder),
// CRC-32 and size.
struct SdistGave {
  std::string path;
  uint32_t crc32 = 0;
  uint64_t size = 0;
};

// A pure wheel (platform tag `any`, PEP 427: the name ends "-any.whl") is read whole: it is
// nearly all .py, so its ranges save no bytes and cost a round trip (scripts/bench-fetch on the
// dev corpus: its 22 pure wheels of 512 KiB or more read by ranges took 100.2 % of their bytes,
// and the run 15 % longer at 20 ms a request). Platform wheels are mostly shared libraries.
// A pure wheel whose release's sdist is analysed first is read by ranges all the same: most of
// its members are the sdist's modules byte for byte, and those are left out (members_to_read).
bool is_pure_wheel_name(const std::string& filename);

// The members a ranged read takes: the regular files the analysis reads (common/
// python_names.h), by index in dir.entries, less those the release's sdist gave: a member
// whose CRC-32 and size are a module's, and whose path is the module's path within the
// package or its end after a folder (`src/pkg/m.py` gives a wheel's `pkg/m.py`). Analysis
// takes such a member as that content unread (it seeds its duplicate index from the same
// store). The members left out go to `left_out`.
std::vector<size_t> members_to_read(const ZipDirectory& dir, const std::vector<SdistGave>& sdist_gave,
                                    std::vector<size_t>& left_out);

struct RangedWheel {
  std::string url, dest;  // the file, and where it goes (through dest + ".PID.part")
  uint64_t size = 0;      // as the index declared it
  std::string sha256;     // as the index gave it: checks a whole answer
  uint64_t range_gap = kDefaultRangeGap;
  std::vector<SdistGave> sdist_gave;  // members not to read (empty with --verify-duplicates)
};

struct WheelRead {
  enum class How { Ranges, Whole, ReadWhole, Failed };
  // Ranges: on disk, sparse. Whole: the server answered with the whole file, on disk and
  // verified. ReadWhole: nothing usable, the caller downloads the file whole (`note` says
  // why). Failed: `error` says why.
  How how = How::Failed;
  std::string note, error;
  uint64_t bytes_read = 0;  // the bodies of the answers taken
  int requests = 0;         // every attempt of every request
  // Members left out because the release's sdist gave them, and the bytes of theirs no range
  // read (a member between two read ones may be read anyway, inside a joined range).
  size_t members_left_out = 0;
  uint64_t bytes_left_out = 0;
  bool disk_full = false;
};

void read_wheel_ranges(Transfers& transfers, RangedWheel wheel, std::function<void(WheelRead&&)> done);

}  // namespace pep765
