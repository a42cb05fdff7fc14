// Reads a scenario into a ScenarioConfig, or throws a ScenarioError naming the file, line, column
// and key of the first mistake. The format is documented in docs/scenarios.md.
#pragma once

#include <string>

#include "models/scenario/document.h"
#include "models/scenario/scenario_config.h"

namespace netsim::scenario {

// A composed document (composition.h) without its `sweep` block; `source` is recorded as the
// configuration's source.
ScenarioConfig load_scenario(const DocPtr& document, const std::string& source);

// The file composed without overrides, its sweep (if any) left out: the scenario as written.
ScenarioConfig load_scenario_file(const std::string& path);

// A document without its `sweep` block.
DocPtr without_sweep(const DocPtr& document);
// `label` stands for the file name in error messages.
ScenarioConfig load_scenario_text(const std::string& text, const std::string& label);

}  // namespace netsim::scenario
