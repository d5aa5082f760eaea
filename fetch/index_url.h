// Where an index's pages are, from --index-url as pip takes it, and the credentials it carries.
//   - A simple index's root (http://h/simple/, devpi's http://h/root/pypi/+simple/): project
//     pages at ROOT/NAME/ (the PEP 503 normalized name, percent-encoded).
//   - A bare origin (http://h or http://h:8765, no path): PyPI's layout, the simple index at
//     /simple/ and the legacy JSON API at /pypi/NAME/json.
// The legacy JSON API (--index-api json) is at the origin: for a bare origin or a root ending
// in /simple/; for another root it has no known place, and is refused.
// user:password in the URL are taken out (percent-decoded) for the index's own requests; every
// URL shown or stored is the one without them.
#pragma once
#include <string>

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

// `url` without the userinfo of its authority: http://u:p@h/x -> http://h/x.
std::string without_userinfo(const std::string& url);

// scheme://host[:port] of an http(s) URL, lower-cased, the default port left out; "" for
// anything else. Two URLs with the same origin go to the same server.
std::string origin_of(const std::string& url);

}  // namespace pep765
