// Where an index's pages are, from --index-url as pip takes it, and the credentials it carries.
//   - A simple index's root (http://h/simple/, devpi's http://h/root/pypi/+simple/): project
//     pages at ROOT/NAME/ (the PEP 503 normalized name, percent-encoded).
//   - A bare origin (http://h or http://h:8765, no path): PyPI's layout, the simple index at
//     /simple/ and the legacy JSON API at /pypi/NAME/json.
// The legacy JSON API (--index-api json) is at the origin: for a bare origin or a root ending
// in /simple/; for another root it has no known place, and is refused.
// user:password in the URL are taken out (percent-decoded) for the index's own requests; where
// the URL gives none, the netrc file's entry for the index's host ($NETRC, else ~/.netrc). Every
// URL shown or stored is the one without them.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace pep765 {

enum class IndexApi { Simple, Json };

struct IndexLocation {
  IndexApi api = IndexApi::Simple;
  std::string shown;        // --index-url without its userinfo: messages and the store carry this
  std::string origin;       // scheme://host[:port], lower-case scheme and host
  std::string simple_root;  // ends in '/'
  std::string user, password;  // from the URL; empty when it gives none

  // The project's page under this location's API.
  std::string project_url(const std::string& normalized_name) const;
  // The simple index's project list (a random draw reads it, whatever the API).
  const std::string& list_url() const { return simple_root; }
};

// Throws pep765::Error (Usage) for a URL that is no http(s) URL, or --index-api json on a root
// whose JSON API has no known place.
IndexLocation locate_index(const std::string& index_url, IndexApi api);

// The login and password a netrc file's text gives `host`: its `machine HOST` entry, else its
// `default` one; nullopt when neither names a login. Tokens as curl reads them (space-separated,
// "quoted" with \-escapes); a `macdef` runs to the next empty line. Read here rather than by
// libcurl so that the credentials are given for the index's requests alone: libcurl would look
// the host up again after a redirect to another port of it.
struct Login {
  std::string user, password;
};
std::optional<Login> netrc_login(std::string_view netrc, std::string_view host);

// `url` without the userinfo of its authority: http://u:p@h/x -> http://h/x.
std::string without_userinfo(const std::string& url);

// scheme://host[:port] of an http(s) URL, lower-cased, the default port left out; "" for
// anything else. Two URLs with the same origin go to the same server.
std::string origin_of(const std::string& url);

}  // namespace pep765
