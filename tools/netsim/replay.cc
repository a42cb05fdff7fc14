// `netsim replay TRACE --scenario NETWORK.yaml`: a recorded timeline of Socket.IO actions
// (models/scenario/trace_reader.h) added to a scenario's realtime section as clients and server
// scripts, then run once, with the reports of a single `netsim run`.
#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <filesystem>

#include "models/scenario/composition.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_run.h"
#include "models/scenario/study.h"
#include "models/scenario/trace_reader.h"
#include "tools/netsim/commands.h"
#include "tools/netsim/run_pool.h"
#include "tools/netsim/study_runs.h"
#include "tools/report/link_report.h"
#include "tools/report/output_dir.h"
#include "tools/report/realtime_report.h"
#include "tools/report/run_recorder.h"
#include "tools/report/run_report.h"
#include "tools/report/summary_table.h"
#include "tools/report/tcp_report.h"

namespace netsim::cli {

namespace {

// The scenario with the trace in it. Throws a ScenarioError at the scenario or at the trace.
scenario::Study load_replay(const ReplayOptions& options) {
  scenario::Study study = scenario::load_study(options.scenario, overrides_from({}, options.seed));
  scenario::ScenarioConfig& config = study.points.front().config;
  const auto refuse = [&](const std::string& why) {
    throw scenario::ScenarioError({options.scenario, 0, 0}, "", why);
  };
  if (!study.is_single_run()) {
    refuse("a replay is one run: the scenario has a `sweep` or `replications`");
  }
  if (config.compare) refuse("a replay is one run: the scenario has a `compare` block");
  if (config.realtime.servers.empty()) {
    refuse("the trace's clients need a server: the scenario has no `realtime.servers`");
  }
  const scenario::Trace trace = scenario::read_trace(options.trace);
  scenario::add_trace(trace, scenario::realtime_client_tcp(study.document), config);
  return study;
}

// One run and its detail files, as `netsim run` writes them for a single run (commands.cc
// `run_single`, without captures).
int run_replay(const ReplayOptions& options, const scenario::Study& study, std::ostream& out,
               std::ostream& err) {
  const scenario::ScenarioConfig& config = study.points.front().config;
  report::OutputDir dir(
      options.output.value_or("results/" + std::filesystem::path(options.trace).stem().string()));
  const auto wall_start = std::chrono::steady_clock::now();
  scenario::ScenarioRun run(config);
  report::RunRecorder recorder(run, config.reports.messages
                                        ? std::optional<std::filesystem::path>(dir.staging())
                                        : std::nullopt);
  const bool completed = run_pool(
      1, {1, !options.quiet, config.duration},
      [&](std::size_t, scenario::RunProgress& progress) { return run.run(&progress); }, err);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;

  const std::vector<report::FlowSummary> flows = recorder.finish(config);
  // run.json's `resolved` holds the trace's clients and server scripts: `netsim run` reruns it.
  report::RunInfo info = study_info(options.scenario, study);
  info.partial = !completed;
  info.points_completed = info.runs_completed = completed ? 1 : 0;
  info.simulated = run.simulated();
  info.wall_time_s = wall.count();
  info.events_executed = run.simulator().events_executed();
  info.files = {"summary.csv", "links.csv", "flows.csv", "timeseries.csv"};
  if (config.reports.messages) info.files.insert(info.files.begin() + 1, "messages.csv");
  info.files.insert(info.files.end(),
                    {"realtime_timeline.csv", "realtime_events.csv", "realtime_clients.csv",
                     "deliveries.csv", "missed.csv", "run.json"});
  write_file(dir, "summary.csv", [&](std::ostream& o) { report::write_summary_csv(o, flows); });
  if (config.reports.messages) {
    write_file(dir, "messages.csv", [&](std::ostream& o) { recorder.write_messages_csv(o); });
  }
  write_file(dir, "links.csv",
             [&](std::ostream& o) { report::write_links_csv(o, run.network(), run.simulated()); });
  write_file(dir, "flows.csv", [&](std::ostream& o) { report::write_flows_csv(o, config, run); });
  write_file(dir, "timeseries.csv",
             [&](std::ostream& o) { report::write_timeseries_csv(o, config, run); });
  const RealtimeReports reports = write_realtime_reports(dir, run);
  const std::vector<report::RealtimeClientSummary>& clients = reports.clients;
  const std::vector<realtime::Delivery>& deliveries = reports.deliveries;
  write_run_json(dir, info);
  dir.commit();

  if (!completed) {
    err << fmt::format("netsim: stopped at {} of {} simulated; partial results in {}/\n",
                       sim::to_string(run.simulated()), sim::to_string(config.duration),
                       dir.destination().string());
    return kExitInterrupted;
  }
  if (!options.quiet) {
    out << fmt::format("{} on {}: {} simulated (seed {}), {} events in {:.3f} s wall time\n\n",
                       options.trace, config.name, sim::to_string(config.duration), config.seed,
                       info.events_executed, info.wall_time_s);
    if (!flows.empty()) out << report::summary_table(flows) << "\n";
    out << report::realtime_table(run, clients) << report::deliveries_line(deliveries);
    out << fmt::format("\nResults in {}/ (", dir.destination().string());
    for (std::size_t i = 0; i < info.files.size(); ++i) out << (i > 0 ? ", " : "") << info.files[i];
    out << ")\n";
  }
  return kExitOk;
}

}  // namespace

int replay_command(const ReplayOptions& options, std::ostream& out, std::ostream& err) {
  scenario::Study study;
  try {
    study = load_replay(options);
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << '\n';
    return kExitScenarioError;
  }
  try {
    return run_replay(options, study, out, err);
  } catch (const std::exception& e) {
    err << "netsim: " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace netsim::cli
