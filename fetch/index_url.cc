#include "fetch/index_url.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/ascii.h"
#include "common/error.h"
#include "common/url.h"
#include "fetch/index_json.h"

namespace pep765 {

namespace {


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
  p.scheme = ascii_lower(url.substr(0, colon));
  const size_t start = colon + 3;
  const size_t end = std::min(url.find_first_of("/?#", start), url.size());
  std::string authority = url.substr(start, end - start);
  if (const size_t at = authority.rfind('@'); at != std::string::npos) {
    p.userinfo = authority.substr(0, at);
    authority.erase(0, at + 1);
  }
  p.hostport = ascii_lower(authority);
  p.rest = url.substr(end);
  return p;
}

// The host of "host:port" or "[v6]:port".
std::string host_of(const std::string& hostport) {
  if (!hostport.empty() && hostport[0] == '[') return hostport.substr(1, hostport.find(']') - 1);
  return hostport.substr(0, hostport.rfind(':'));
}

// The netrc file's text: $NETRC, else ~/.netrc; "" when there is none (a netrc is optional).
std::string netrc_text() {
  std::string path;
  if (const char* file = std::getenv("NETRC"); file && *file) path = file;
  else if (const char* home = std::getenv("HOME"); home && *home) path = std::string(home) + "/.netrc";
  if (path.empty()) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str().substr(0, 1 << 20);  // no netrc is larger
}

}  // namespace

std::optional<Login> netrc_login(std::string_view text, std::string_view host) {
  size_t i = 0;
  // The next token, or "" at the end; `macdef` bodies are skipped by the caller.
  auto token = [&]() {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
    std::string t;
    if (i < text.size() && text[i] == '"') {
      for (i++; i < text.size() && text[i] != '"'; i++) {
        if (text[i] == '\\' && i + 1 < text.size()) i++;
        t += text[i];
      }
      i++;
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) t += text[i++];
    }
    return t;
  };
  std::optional<Login> found, fallback;
  enum { None, Match, Default, Other } entry = None;
  Login current;
  auto close_entry = [&]() {
    if (entry == Match && !current.user.empty() && !found) found = current;
    if (entry == Default && !current.user.empty() && !fallback) fallback = current;
    current = Login{};
  };
  for (std::string t = token(); !t.empty(); t = token()) {
    if (t == "machine") {
      close_entry();
      entry = ascii_lower(token()) == ascii_lower(std::string(host)) ? Match : Other;
    } else if (t == "default") {
      close_entry();
      entry = Default;
    } else if (t == "login") {
      current.user = token();
    } else if (t == "password") {
      current.password = token();
    } else if (t == "account") {
      token();
    } else if (t == "macdef") {
      token();
      const size_t blank = text.find("\n\n", i);
      i = blank == std::string_view::npos ? text.size() : blank + 2;
    }
  }
  close_entry();
  return found ? found : fallback;
}

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
  if (loc.user.empty())
    if (std::optional<Login> login = netrc_login(netrc_text(), host_of(p.hostport))) {
      loc.user = login->user;
      loc.password = login->password;
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
