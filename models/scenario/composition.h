// How a scenario document is put together before it is read, in this order:
//   1. `extends: base.yaml` — the file is laid over its base (recursively; a cycle is an error);
//   2. `--set KEY=VALUE` overrides from the command line, in the order given;
//   3. profiles — a link or flow with `profile: NAME` is laid over `profiles.links.NAME` or
//      `profiles.traffic.NAME`.
// Sweep points (models/scenario/study.h) are applied between 2 and 3, so a sweep can vary a
// profile's value and every link using it follows. Documented in docs/scenarios.md.
#pragma once

#include <string>
#include <vector>

#include "models/scenario/document.h"

namespace netsim::scenario {

// One `--set KEY=VALUE`: a dotted key path and a value parsed as YAML (so `[1, 2]` is a list).
struct Override {
  std::string path;
  DocPtr value;
};

// Parses "KEY=VALUE"; errors are located in the argument itself ("--set KEY=VALUE:1:COLUMN").
Override parse_override(const std::string& assignment);

// Steps 1 and 2: the file with its `extends` chain resolved (the key removed) and the overrides
// applied.
DocPtr compose(const std::string& path, const std::vector<Override>& overrides);

// Step 3: every `profile:` replaced by the profile's keys under the entry's own; the `profiles`
// block itself removed.
DocPtr expand_profiles(const DocPtr& document);

}  // namespace netsim::scenario
