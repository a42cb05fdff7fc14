// The Socket.IO figures of one run that replications and sweeps compare: one row per client as
// the scenario names it (a group's members together) and one per server, for the scenario as
// written or, with `realtime.mitigations`, for each strategy. Each row counts the
// deliveries meant for it by fate (deliveries.csv) and, for clients, what their sockets saw
// (realtime_clients.csv). Columns are documented in docs/outputs.md.
#pragma once

#include <string>
#include <vector>

#include "models/realtime/delivery_accounting.h"
#include "tools/report/realtime_report.h"

namespace netsim::report {

struct RealtimeMetrics {
  std::string strategy;        // the mitigation applied (models/scenario/mitigation.h); "none"
  std::string recipient;       // the scenario's name of a client, a client group or a server
  std::string kind;            // "client" or "server"
  std::vector<double> values;  // in realtime_metric_names() order; NaN where undefined
};

// Column names, e.g. "intended", "missed_ratio", "not_sent_disconnected", "latency_p99_ms".
const std::vector<std::string>& realtime_metric_names();
// The position of `name` in realtime_metric_names(); a name that is not there is a bug (asserted).
std::size_t realtime_metric_index(const std::string& name);

// Rows in the clients' order (a group where its first member is), then the servers in the order
// clients name them: the same rows for every replication of a scenario.
std::vector<RealtimeMetrics> collect_realtime_metrics(
    const std::string& strategy, const std::vector<RealtimeClientSummary>& clients,
    const std::vector<realtime::Delivery>& deliveries);

}  // namespace netsim::report
