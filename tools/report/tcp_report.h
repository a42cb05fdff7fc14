// flows.csv (one row per TCP connection end) and timeseries.csv (sampled TCP internals).
// Columns are documented in docs/outputs.md.
#pragma once

#include <ostream>

#include "models/scenario/scenario_config.h"
#include "models/scenario/scenario_run.h"

namespace netsim::report {

void write_flows_csv(std::ostream& out, const scenario::ScenarioConfig& config,
                     const scenario::ScenarioRun& run);
void write_timeseries_csv(std::ostream& out, const scenario::ScenarioConfig& config,
                          const scenario::ScenarioRun& run);

}  // namespace netsim::report
