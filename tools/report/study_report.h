// The files of a study with replications or a sweep: replications.csv or sweep.csv (one row per
// point, replication and flow), summary.csv (per point, flow and metric: mean, standard
// deviation and 95% confidence interval across replications) and the terminal table; with
// Socket.IO servers and clients, the same three for them (realtime_replications.csv or
// realtime_sweep.csv, realtime_summary.csv, a second table), one row per strategy and client,
// client group or server. Columns are documented in docs/outputs.md.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "models/scenario/study.h"
#include "tools/report/realtime_metrics.h"
#include "tools/report/run_metrics.h"

namespace netsim::report {

// One run of a study: point p, replication r, at index p·replications + r.
struct RunResult {
  bool done = false;  // false if the run was interrupted or never started
  std::vector<FlowMetrics> flows;
  std::vector<RealtimeMetrics> realtime;  // empty without Socket.IO servers and clients
  std::uint64_t events = 0;
};

// Metric `m` (an index into metric_names()) of flow `f` at point `p`, one value per replication.
std::vector<double> across_replications(const scenario::Study& study,
                                        const std::vector<RunResult>& results, std::size_t p,
                                        std::size_t f, std::size_t m);

// Whether every replication of point `p` finished.
bool point_done(const scenario::Study& study, const std::vector<RunResult>& results, std::size_t p);

// sweep.csv (a study with a sweep) or replications.csv (without): swept keys, then replication,
// seed, flow, transport and the metrics. Only points whose replications all finished.
void write_runs_csv(std::ostream& out, const scenario::Study& study,
                    const std::vector<RunResult>& results);

// summary.csv of a study: swept keys, flow, transport, metric, n, mean, sd, ci95_low, ci95_high.
void write_study_summary_csv(std::ostream& out, const scenario::Study& study,
                             const std::vector<RunResult>& results);

// A few headline metrics per point and flow, as mean ± half-width of the 95% interval.
std::string study_table(const scenario::Study& study, const std::vector<RunResult>& results);

// The same three for the Socket.IO rows: realtime_replications.csv or realtime_sweep.csv (swept
// keys, replication, seed, strategy, recipient, kind and the realtime metrics),
// realtime_summary.csv and the table (deliveries intended and missed, the main causes, latency,
// reconnections).
void write_realtime_runs_csv(std::ostream& out, const scenario::Study& study,
                             const std::vector<RunResult>& results);
void write_realtime_summary_csv(std::ostream& out, const scenario::Study& study,
                                const std::vector<RunResult>& results);
std::string realtime_study_table(const scenario::Study& study,
                                 const std::vector<RunResult>& results);

}  // namespace netsim::report
