#include "fetch/index_url.h"

#include <fmt/format.h>

#include <cctype>

#include "common/error.h"
#include "common/url.h"

namespace pep765 {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = char(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += char(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Parts {
  std::string scheme, userinfo, hostport, rest;  // rest: path, query and fragment
};

Parts split(const std::string& url) {
  Parts p;
  const size_t colon = url.find("://");
  if (colon == std::string::npos) return p;
  p.scheme = lower(url.substr(0, colon));
  const size_t start = colon + 3;
  const size_t end = std::min(url.find_first_of("/?#", start), url.size());
  std::string authority = url.substr(start, end - start);
  if (const size_t at = authority.rfind('@'); at != std::string::npos) {
    p.userinfo = authority.substr(0, at);
    authority.erase(0, at + 1);
  }
  p.hostport = lower(authority);
  p.rest = url.substr(end);
  return p;
}

}  // namespace

std::string without_userinfo(const std::string& url) {
  const Parts p = split(url);
  if (p.scheme.empty() || p.userinfo.empty()) return url;
  return fmt::format("{}://{}{}", p.scheme, p.hostport, p.rest);
}

std::string origin_of(const std::string& url) {
  if (!is_http_url(url)) return "";
  Parts p = split(url);
  const std::string default_port = p.scheme == "https" ? ":443" : ":80";
  if (p.hostport.ends_with(default_port)) p.hostport.resize(p.hostport.size() - default_port.size());
  return fmt::format("{}://{}", p.scheme, p.hostport);
}

std::string IndexLocation::project_url(const std::string& name) const {
  const std::string encoded = percent_encode(name, "");
  return api == IndexApi::Json ? fmt::format("{}/pypi/{}/json", origin, encoded) : simple_root + encoded + "/";
}

IndexLocation locate_index(const std::string& index_url, IndexApi api) {
  if (!is_http_url(index_url)) throw Error(Error::Kind::Usage, "--index-url", "an http(s) URL", index_url);
  const Parts p = split(index_url);
  if (p.hostport.empty()) throw Error(Error::Kind::Usage, "--index-url", "an http(s) URL with a host", without_userinfo(index_url));
  IndexLocation loc;
  loc.api = api;
  loc.shown = without_userinfo(index_url);
  loc.origin = fmt::format("{}://{}", p.scheme, p.hostport);
  if (!p.userinfo.empty()) {
    const size_t colon = p.userinfo.find(':');
    loc.user = percent_decode(p.userinfo.substr(0, colon));
    if (colon != std::string::npos) loc.password = percent_decode(p.userinfo.substr(colon + 1));
  }
  std::string path = p.rest.substr(0, p.rest.find_first_of("?#"));
  const bool bare = path.empty() || path == "/";
  if (bare) path = "/simple/";
  if (!path.ends_with("/")) path += '/';
  loc.simple_root = loc.origin + path;
  if (api == IndexApi::Json && !bare && !path.ends_with("/simple/"))
    throw Error(Error::Kind::Usage, "--index-api json",
                fmt::format("the legacy JSON API of {} has no known place", loc.shown),
                "give --index-url the JSON API's base (the origin that serves /pypi/NAME/json), or a root ending in "
                "/simple/ on a server that serves both");
  return loc;
}

}  // namespace pep765
