// Drafted issues for maintainers: one per package, every distinct hit in it (the sdist's and
// the wheel's copy of a module counted once), each with a numbered snippet around the finally,
// the flagged line marked, the function it is in and, where the file came from PyPI, a link to
// that released file and line (PyPI's inspector serves released files by their download path).
// Wording is right per statement and per rule (only what CPython 3.14 flags is said to be
// warned about); no address is invented: the tool names itself and its version.
#pragma once
#include <string>
#include <vector>

#include "report/hits.h"

namespace pep765 {

struct Draft {
  std::string package, version;
  std::string file_at;              // the repository, else the home page; empty when unknown
  std::vector<const HitRecord*> hits;  // distinct, in file and line order
  std::string title, body;
};

// Groups `hits` (already filtered) by package, one draft each, in the order of first appearance.
std::vector<Draft> drafts_by_package(const std::vector<const HitRecord*>& hits);

// The draft for the given hits of one package (a single hit for the per-hit export).
Draft draft_for(const std::vector<const HitRecord*>& hits);

// https://inspector.pypi.io/... for a file downloaded from PyPI's file host; empty otherwise.
std::string inspector_link(const HitRecord& h);

}  // namespace pep765
