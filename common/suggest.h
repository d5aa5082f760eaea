// "Did you mean ...?" for a mistyped command or option, as git and cargo say it.
#pragma once
#include <string>
#include <vector>

namespace pep765 {

// The candidate closest to `word` by edit distance (an adjacent swap counts one), when it is
// close enough to be a typo: at most 1 edit for words of up to 4 characters, 2 up to 8, else 3.
// "" when none is. Ties go to the earlier candidate.
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace pep765
