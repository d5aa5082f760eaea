#include "fetch/release.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <tuple>

#include <fmt/format.h>

#include "common/ascii.h"
#include "common/url.h"

namespace pep765 {


namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Sdist: the .tar.gz where there are several (older projects also uploaded .zip).
std::optional<ReleaseFile> choose_sdist(const std::vector<ReleaseFile>& files) {
  std::optional<ReleaseFile> best;
  auto rank = [](const ReleaseFile& f) { return ends_with(ascii_lower(f.filename), ".tar.gz") ? 0 : 1; };
  for (const auto& f : files) {
    if (f.packagetype != "sdist") continue;
    if (!best || rank(f) < rank(*best) || (rank(f) == rank(*best) && f.filename < best->filename)) best = f;
  }
  return best;
}

struct WheelTags {
  std::string python, abi, platform;
};

std::optional<WheelTags> wheel_tags(const std::string& filename) {
  // {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl
  if (!ends_with(ascii_lower(filename), ".whl")) return std::nullopt;
  std::string stem = filename.substr(0, filename.size() - 4);
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t dash = stem.find('-', start);
    parts.push_back(stem.substr(start, dash - start));
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  if (parts.size() < 5) return std::nullopt;
  size_t n = parts.size();
  return WheelTags{ascii_lower(parts[n - 3]), ascii_lower(parts[n - 2]), ascii_lower(parts[n - 1])};
}

// Highest CPython minor version named in a python tag like "cp311" or "cp38.cp39"; 0 if none.
int cpython_minor(const std::string& python) {
  int best = 0;
  static const std::regex cp(R"(cp3(\d+))");
  for (auto it = std::sregex_iterator(python.begin(), python.end(), cp); it != std::sregex_iterator(); ++it)
    best = std::max(best, std::stoi((*it)[1]));
  return best;
}

int platform_rank(const std::string& platform) {
  auto has = [&](const char* s) { return platform.find(s) != std::string::npos; };
  if (has("manylinux") && has("x86_64")) return 0;
  if (has("musllinux") && has("x86_64")) return 1;
  if (has("linux_x86_64")) return 2;
  if (has("win_amd64")) return 3;
  if (has("macosx") && has("x86_64")) return 4;
  if (has("macosx") && has("arm64")) return 5;
  return 6;
}

}  // namespace

std::optional<size_t> choose_wheel(const std::vector<ReleaseFile>& wheels) {
  std::optional<size_t> best;
  std::tuple<int, int, int, std::string> best_key;
  for (size_t i = 0; i < wheels.size(); i++) {
    auto tags = wheel_tags(wheels[i].filename);
    if (!tags) continue;
    const bool pure = tags->abi == "none" && tags->platform == "any";
    int pure_rank = !pure ? 3 : tags->python == "py3" ? 0 : tags->python == "py2.py3" ? 1 : 2;
    // Smaller is better throughout: pure first, then platform, then the newest CPython.
    auto key = std::make_tuple(pure_rank, pure ? 0 : platform_rank(tags->platform), -cpython_minor(tags->python),
                               wheels[i].filename);
    if (!best || key < best_key) {
      best = i;
      best_key = key;
    }
  }
  return best;
}

namespace {

bool is_sdist_or_wheel(const ReleaseFile& f) { return f.packagetype == "sdist" || f.packagetype == "bdist_wheel"; }

// The release's sdists and wheels, yanked ones too when `with_yanked`.
std::vector<ReleaseFile> usable_files(const std::vector<ReleaseFile>& all, bool with_yanked) {
  std::vector<ReleaseFile> files = all;
  std::erase_if(files, [&](const ReleaseFile& f) { return !is_sdist_or_wheel(f) || (f.yanked && !with_yanked); });
  return files;
}

using Releases = std::vector<std::pair<std::string, std::vector<ReleaseFile>>>;

// The newest release (by PEP 440) that `accept` takes, or empty. A legacy version (no PEP 440
// one: "0.3.2.dfsg", "2019.2.0.git20230116.bd54183", which old uploads have) sorts below every
// PEP 440 version, as the specification orders them, and is taken as final; among legacy
// versions, the last in the index's order.
template <typename Accept>
std::string newest_release(const Releases& releases, Accept accept) {
  std::optional<Version> best;
  std::string best_name, last_legacy;
  for (const auto& [name, files] : releases) {
    auto v = Version::parse(name);
    if (!v) {
      if (accept(Version{}, files)) last_legacy = name;
      continue;
    }
    if (!accept(*v, files)) continue;
    if (!best || *v > *best) {
      best = v;
      best_name = name;
    }
  }
  return best ? best_name : last_legacy;
}

const std::vector<ReleaseFile>* files_of_release(const Releases& releases, const std::string& version) {
  for (const auto& [name, files] : releases)
    if (name == version) return &files;
  return nullptr;
}

// The page's files as the choice carries them: the legacy form, its packagetype from the kind.
ReleaseFile release_file(const PageFile& f) {
  ReleaseFile r;
  r.filename = f.filename;
  r.url = f.url;
  r.sha256 = f.sha256;
  r.upload_time = f.upload_time;
  r.packagetype = f.kind == FileKind::Sdist ? "sdist" : f.kind == FileKind::Wheel ? "bdist_wheel" : "";
  r.size = f.size.value_or(0);
  r.has_size = f.size.has_value();
  r.yanked = f.yanked;
  return r;
}

// Releases in the index's order: every version it names (with or without files), then those
// only its files name. A file goes to the release its version is keyed under, else to the
// one it equals under PEP 440 ("1.0" and "1.0.0"), else to a release of its own.
Releases releases_of(const ProjectPage& page) {
  Releases releases;
  std::vector<std::optional<Version>> parsed;
  auto add_release = [&](const std::string& name) {
    releases.emplace_back(name, std::vector<ReleaseFile>{});
    parsed.push_back(Version::parse(name));
  };
  if (page.versions)
    for (const std::string& v : *page.versions) add_release(v);
  for (const PageFile& f : page.files) {
    if (f.version.empty()) continue;  // no release can be told: not a file pep765 takes
    size_t at = releases.size();
    for (size_t i = 0; i < releases.size() && at == releases.size(); i++)
      if (releases[i].first == f.version) at = i;
    if (at == releases.size())
      if (const std::optional<Version> own = Version::parse(f.version))
        for (size_t i = 0; i < releases.size() && at == releases.size(); i++)
          if (parsed[i] && *parsed[i] == *own) at = i;
    if (at == releases.size()) add_release(f.version);
    releases[at].second.push_back(release_file(f));
  }
  return releases;
}

}  // namespace

ReleaseChoice choose_release(const nlohmann::json& project, const std::optional<std::string>& as_of) {
  return choose_release(project_from_json(project), as_of);
}

ReleaseChoice choose_release(const ProjectDoc& project, const std::optional<std::string>& as_of) {
  return choose_release(page_from_legacy(project), as_of);
}

bool uploaded_by(const ReleaseFile& file, const std::string& as_of) {
  // Dates compare as text: ISO 8601 timestamps sort in time order.
  const std::string limit = as_of.size() == 10 ? as_of + "T23:59:59" : as_of;
  return !file.upload_time.empty() && file.upload_time.substr(0, 19) <= limit;
}

ReleaseChoice choose_release(const ProjectPage& page, const std::optional<std::string>& as_of) {
  ReleaseChoice choice;
  const Releases releases = releases_of(page);
  auto lack = [&](const char* what) {
    if (!choice.lacks.empty()) choice.lacks += ',';
    choice.lacks += what;
  };

  std::vector<ReleaseFile> files;
  if (!as_of) {
    const std::string& latest = page.latest;
    auto files_of = [&](const std::string& version, bool with_yanked) {
      if (const auto* f = files_of_release(releases, version)) return usable_files(*f, with_yanked);
      return std::vector<ReleaseFile>{};
    };
    auto has_files = [](bool finals_only, bool with_yanked) {
      return [=](const Version& v, const std::vector<ReleaseFile>& list) {
        return (!finals_only || v.is_final()) && !usable_files(list, with_yanked).empty();
      };
    };
    if (!latest.empty() && !files_of(latest, false).empty()) {
      choice.version = latest;
      choice.why = "latest (info.version)";
    } else if (auto v = newest_release(releases, has_files(true, false)); !v.empty()) {
      choice.version = v;
      choice.why = latest.empty() ? "newest (PEP 440) final release with an sdist or wheel"
                                  : fmt::format("latest final release with an sdist or wheel (info.version {} has none)", latest);
    } else if (auto v = newest_release(releases, has_files(false, false)); !v.empty()) {
      choice.version = v;
      choice.why = "latest release with an sdist or wheel (no final release has one)";
    } else if (auto v = newest_release(releases, has_files(false, true)); !v.empty()) {
      choice.version = v;
      choice.why = "latest yanked release (every release with an sdist or wheel is yanked)";
      lack("yanked");
    } else if (!latest.empty() && !files_of(latest, true).empty()) {  // info.version is no PEP 440 version
      choice.version = latest;
      choice.why = "latest (info.version), yanked";
      lack("yanked");
    }
    if (!choice.version.empty()) files = files_of(choice.version, choice.lacks == "yanked");
  } else if (!page.upload_times) {
    choice.reason = page.shape == PageShape::LegacyJson
                        ? "the index's JSON gives no `releases` (every release's files), so --as-of cannot choose one"
                        : "the index gives no upload times (PEP 700), so --as-of cannot choose a release";
  } else {
    auto existed = [&](const ReleaseFile& f) { return uploaded_by(f, *as_of); };
    size_t undated = 0;
    for (const auto& [name, list] : releases)
      for (const ReleaseFile& f : usable_files(list, true)) undated += f.upload_time.empty();
    if (undated)
      choice.note = fmt::format("{} of its files give no upload time (PEP 700): taken as not there on {}", undated, *as_of);
    choice.version = newest_release(releases, [&](const Version& v, const std::vector<ReleaseFile>& list) {
      if (!v.is_final()) return false;
      for (const auto& f : usable_files(list, false))
        if (existed(f)) return true;
      return false;
    });
    choice.why = "latest final release uploaded on or before " + *as_of;
    if (!choice.version.empty()) {
      files = usable_files(*files_of_release(releases, choice.version), false);
      std::erase_if(files, [&](const ReleaseFile& f) { return !existed(f); });
    } else {
      choice.reason = fmt::format("no final, non-yanked release with an sdist or wheel uploaded by {}", *as_of);
    }
  }

  if (choice.version.empty()) {
    lack("no_release");
    if (choice.reason.empty())
      choice.reason = releases.empty() ? "the index lists no release"
                                       : "no release has an sdist or a wheel (only eggs, installers or nothing)";
    return choice;
  }
  if (files.empty()) {  // only reachable through an index that names a release it has no files for
    lack("no_files");
    choice.reason = fmt::format("release {} has no sdist or wheel", choice.version);
    return choice;
  }
  choice.sdist = choose_sdist(files);
  std::vector<ReleaseFile> wheels;
  for (const auto& f : files)
    if (f.packagetype == "bdist_wheel") wheels.push_back(f);
  if (auto w = choose_wheel(wheels)) choice.wheel = wheels[*w];
  if (!choice.sdist) lack("no_sdist");
  if (!choice.wheel) lack("no_wheel");
  if (!choice.usable()) {
    lack("no_files");
    choice.reason = fmt::format("release {}'s files have names pep765 cannot read as an sdist or wheel", choice.version);
  }
  // The core metadata to read the project's links from: the wheel's, else the sdist's.
  for (const std::optional<ReleaseFile>* chosen : {&choice.wheel, &choice.sdist})
    for (const PageFile& f : page.files)
      if (choice.metadata_url.empty() && *chosen && f.core_metadata && f.filename == (*chosen)->filename &&
          f.url == (*chosen)->url) {
        choice.metadata_url = f.url + ".metadata";
        choice.metadata_sha256 = f.core_metadata_sha256;
      }
  return choice;
}

std::string repository_url(const std::vector<std::pair<std::string, std::string>>& project_urls,
                           const std::string& home_page) {
  static const char* hosts[] = {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "opendev.org", "sourceforge.net",
                                "launchpad.net", "gitea.com", "git."};
  auto is_code_host = [](const std::string& url) {
    std::string u = ascii_lower(url);
    if (!is_http_url(u)) return false;  // a link, never javascript: etc.
    for (const char* h : hosts)
      if (u.find(h) != std::string::npos) return true;
    return false;
  };
  // Labels people use for the code, most specific first.
  for (const char* wanted : {"source", "source code", "repository", "code", "github", "gitlab", "homepage", "home"})
    for (const auto& [label, url] : project_urls)
      if (ascii_lower(label) == wanted && is_code_host(url)) return url;
  return is_code_host(home_page) ? home_page : "";
}

}  // namespace pep765
