// What `netsim run` and `netsim compare` do alike with a study's runs: run one and keep its
// metrics, count what completed, and write result files into the staging folder.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "models/scenario/scenario_run.h"
#include "models/scenario/study.h"
#include "tools/report/output_dir.h"
#include "tools/report/realtime_report.h"
#include "tools/report/run_report.h"
#include "tools/report/study_report.h"

namespace netsim::cli {

// Run `index` of `study` (point index / replications, replication index % replications), reduced
// to its per-flow metrics and, with Socket.IO servers and clients, their metrics (strategy
// "none": the scenario as written; with `realtime.mitigations`, each strategy's, from a run of
// its own) in `result`. Returns false, leaving `result` as it was, if cancelled.
bool run_study_index(const scenario::Study& study, std::size_t index,
                     scenario::RunProgress& progress, report::RunResult& result);

// run.json's description of the study: file, scenario as composed and resolved, seed, sizes.
report::RunInfo study_info(const std::string& scenario_file, const scenario::Study& study);

// Adds the finished runs of `results` (and their events) to `info`.
void count_runs(const std::vector<report::RunResult>& results, report::RunInfo& info);

// Writes `name` in the staging folder with `write`; throws std::runtime_error if it fails.
void write_file(const report::OutputDir& dir, const std::string& name,
                const std::function<void(std::ostream&)>& write);

// The realtime reports of a single run (realtime_timeline/events/clients.csv, deliveries.csv,
// missed.csv); returns what the terminal summary needs.
struct RealtimeReports {
  std::vector<report::RealtimeClientSummary> clients;
  std::vector<realtime::Delivery> deliveries;
};
RealtimeReports write_realtime_reports(const report::OutputDir& dir,
                                       const scenario::ScenarioRun& run);

// run.json, written last so that it records the peak memory of everything before it.
void write_run_json(const report::OutputDir& dir, report::RunInfo& info);

}  // namespace netsim::cli
