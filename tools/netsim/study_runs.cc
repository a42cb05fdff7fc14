#include "tools/netsim/study_runs.h"

#include <fstream>
#include <stdexcept>

#include "models/scenario/mitigation.h"
#include "models/scenario/scenario_writer.h"
#include "tools/report/run_metrics.h"
#include "tools/report/run_recorder.h"
#include "tools/report/sha256.h"

namespace netsim::cli {

bool run_study_index(const scenario::Study& study, std::size_t index,
                     scenario::RunProgress& progress, report::RunResult& result) {
  const scenario::ScenarioConfig& config = study.points[index / study.replications].config;
  const auto replication = static_cast<std::uint32_t>(index % study.replications);
  scenario::ScenarioRun run(config, replication);
  report::RunRecorder recorder(run, std::nullopt);
  if (!run.run(&progress)) return false;
  report::RunResult out;
  out.flows = report::collect_metrics(run, recorder.finish(config));
  out.events = run.simulator().events_executed();
  const auto add_realtime = [&out](const std::string& strategy, const scenario::ScenarioRun& r) {
    for (report::RealtimeMetrics& m : report::collect_realtime_metrics(
             strategy, report::summarize_realtime_clients(r), report::realtime_deliveries(r))) {
      out.realtime.push_back(std::move(m));
    }
  };
  if (!config.realtime.empty() && config.realtime.mitigations.empty()) add_realtime("none", run);
  // Each strategy as mitigations.csv runs it: the same scenario and replication (the same random
  // streams) with the change applied. Only the first run draws the progress bar.
  for (const scenario::MitigationSet& set : config.realtime.mitigations) {
    scenario::ScenarioRun strategy(scenario::apply_mitigation(config, set), replication);
    scenario::RunProgress silent;
    silent.cancel = progress.cancel;
    if (!strategy.run(&silent)) return false;
    add_realtime(set.name(), strategy);
    out.events += strategy.simulator().events_executed();
  }
  out.done = true;
  result = std::move(out);
  return true;
}

report::RunInfo study_info(const std::string& scenario_file, const scenario::Study& study) {
  report::RunInfo info;
  info.scenario_file = scenario_file;
  info.scenario_sha256 = report::sha256_file_hex(scenario_file);
  info.scenario_name = study.name;
  info.scenario = study.document;
  info.resolved = scenario::describe(study.points.front().config);
  info.seed = study.seed;
  info.replications = study.replications;
  info.points = study.points.size();
  info.duration = info.simulated = study.points.front().config.duration;
  return info;
}

void count_runs(const std::vector<report::RunResult>& results, report::RunInfo& info) {
  for (const auto& r : results) {
    info.runs_completed += r.done ? 1 : 0;
    info.events_executed += r.events;
  }
}

void write_file(const report::OutputDir& dir, const std::string& name,
                const std::function<void(std::ostream&)>& write) {
  std::ofstream file = dir.create(name);
  write(file);
  file.close();
  if (!file) throw std::runtime_error("writing " + name + " failed (disk full?)");
}

RealtimeReports write_realtime_reports(const report::OutputDir& dir,
                                       const scenario::ScenarioRun& run) {
  RealtimeReports r{report::summarize_realtime_clients(run), report::realtime_deliveries(run)};
  write_file(dir, "realtime_timeline.csv",
             [&](std::ostream& o) { report::write_realtime_timeline_csv(o, run); });
  write_file(dir, "realtime_events.csv",
             [&](std::ostream& o) { report::write_realtime_events_csv(o, run); });
  write_file(dir, "realtime_clients.csv",
             [&](std::ostream& o) { report::write_realtime_clients_csv(o, r.clients); });
  write_file(dir, "deliveries.csv",
             [&](std::ostream& o) { report::write_deliveries_csv(o, run, r.deliveries); });
  write_file(dir, "missed.csv", [&](std::ostream& o) {
    report::write_missed_csv(o, r.deliveries, run.realtime_events());
  });
  return r;
}

void write_run_json(const report::OutputDir& dir, report::RunInfo& info) {
  info.peak_memory_mib = report::peak_memory_mib();
  write_file(dir, "run.json", [&](std::ostream& out) { out << report::run_json(info); });
}

}  // namespace netsim::cli
