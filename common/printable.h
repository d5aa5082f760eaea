// Text from the outside world (member names, paths, project names, the index's words) shown to
// a person: on a terminal, in a text or markdown report, in a log line. Such text can hold
// line breaks that forge report lines and escape sequences a terminal obeys, so it is shown
// with every control character and every byte that is not UTF-8 written as \xNN.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace pep765 {

// `s` with C0 and C1 controls, DEL and invalid UTF-8 bytes as \xNN (a backslash as \\ only
// where it starts such an escape, so ordinary paths read as they are).
std::string printable(std::string_view s);

// The longest run of backticks in `text`.
size_t longest_backtick_run(std::string_view text);

// Text from an archive (a path, a function's name, a line of code) as inline markdown code:
// control characters shown as \xNN, and fenced by more backticks than it holds, so it can
// neither break the line nor close the code early.
std::string inline_code(std::string_view text);

// Every string in `doc`, keys included, made printable: for renderers that write text.
void make_printable(nlohmann::json& doc);

}  // namespace pep765
