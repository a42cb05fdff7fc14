// "Did you mean ...?" for misspelt keys, node names and choices.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::scenario {

// Levenshtein distance (insertions, deletions, substitutions), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate, if it is close enough to be a plausible typo: at most 2 edits, and
// fewer than half the word.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace netsim::scenario
