// Reads a scenario file into a ScenarioConfig, or throws a ScenarioError naming the file, line,
// column and key of the first mistake. The format is documented in docs/scenarios.md.
#pragma once

#include <string>

#include "models/scenario/scenario_config.h"

namespace netsim::scenario {

ScenarioConfig load_scenario_file(const std::string& path);
// `label` stands for the file name in error messages.
ScenarioConfig load_scenario_text(const std::string& text, const std::string& label);

}  // namespace netsim::scenario
