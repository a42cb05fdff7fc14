// The mitigations of a realtime scenario compared side by side (mitigations.csv and the
// terminal ranking): each strategy is the same scenario and seed with one change applied
// (models/scenario/mitigation.h), so the network behaves identically until the mitigation makes
// a difference.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "models/realtime/delivery_accounting.h"
#include "models/scenario/mitigation.h"
#include "models/scenario/scenario_config.h"

namespace netsim::report {

struct MitigationResult {
  std::string strategy;
  realtime::FateCounts fates;
  std::vector<std::int64_t> latencies_ns;  // of handled deliveries, sorted
  std::uint64_t bytes = 0;                 // application bytes on every TCP stream
  std::uint64_t events = 0;                // simulator events
};

// Runs the scenario once per strategy (in order).
std::vector<MitigationResult> run_mitigations(const scenario::ScenarioConfig& config);

// Figures of one finished run (also used for a plain run).
MitigationResult mitigation_result(std::string strategy, const std::vector<realtime::Delivery>& d,
                                   const realtime::EventLog& log, std::uint64_t bytes,
                                   std::uint64_t events);

void write_mitigations_csv(std::ostream& out, const std::vector<MitigationResult>& results);
// The strategies ranked: fewest missed, then fewest duplicated, then fewest extra bytes.
std::string mitigations_table(const std::vector<MitigationResult>& results);

}  // namespace netsim::report
