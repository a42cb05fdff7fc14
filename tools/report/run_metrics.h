// The figures of one run that replications and sweeps compare, one row per flow: summary.csv's
// numbers and, for TCP flows, the connection's counters from flows.csv (both ends summed, except
// the client's handshake time and RTT). Columns are documented in docs/outputs.md.
#pragma once

#include <string>
#include <vector>

#include "models/scenario/scenario_config.h"
#include "models/scenario/scenario_run.h"
#include "tools/report/flow_summary.h"

namespace netsim::report {

struct FlowMetrics {
  std::string flow;
  std::string transport;
  std::vector<double> values;                // in metric_names() order; NaN where undefined
  std::vector<double> latency_quantiles_ms;  // FlowSummary::latency_quantiles_ns, in ms
};

// Column names, e.g. "delivery_ratio", "latency_p99_ms", "retransmissions".
const std::vector<std::string>& metric_names();
// The position of `name` in metric_names(); a name that is not there is a bug (asserted).
std::size_t metric_index(const std::string& name);
// The position of `name` in `names` (a list of metric columns); absent is a bug (asserted).
std::size_t column_index(const std::vector<std::string>& names, const std::string& name);

std::vector<FlowMetrics> collect_metrics(const scenario::ScenarioRun& run,
                                         const std::vector<FlowSummary>& flows);

}  // namespace netsim::report
