// Which nodes of a scenario can reach which: the loaders' check that a flow or a realtime client
// can get its packets to the other end at all.
#pragma once

#include <string>

#include "models/scenario/scenario_config.h"

namespace netsim::scenario {

// Whether packets from node `from` can reach node `to` over the configured links: only routers
// forward (a host sends its own packets, it does not relay others'). Faults are ignored.
bool reachable(const ScenarioConfig& config, const std::string& from, const std::string& to);

}  // namespace netsim::scenario
