#include "tools/netsim/commands.h"

#include <fmt/format.h>

#include <chrono>
#include <exception>

#include "models/net/pcap_writer.h"
#include "models/scenario/composition.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_run.h"
#include "models/scenario/study.h"
#include "tools/netsim/run_pool.h"
#include "tools/netsim/study_runs.h"
#include "tools/report/link_report.h"
#include "tools/report/mitigation_report.h"
#include "tools/report/output_dir.h"
#include "tools/report/plots.h"
#include "tools/report/realtime_report.h"
#include "tools/report/run_recorder.h"
#include "tools/report/run_report.h"
#include "tools/report/study_report.h"
#include "tools/report/summary_table.h"
#include "tools/report/tcp_report.h"

namespace netsim::cli {

std::vector<scenario::Override> overrides_from(const std::vector<std::string>& sets,
                                               std::optional<std::uint64_t> seed) {
  std::vector<scenario::Override> overrides;
  for (const auto& assignment : sets) overrides.push_back(scenario::parse_override(assignment));
  // --seed N is --set seed=N.
  if (seed) overrides.push_back(scenario::parse_override("seed=" + std::to_string(*seed)));
  return overrides;
}

int run_single(const SingleRunOptions& options, const scenario::Study& study, std::ostream& out,
               std::ostream& err) {
  const scenario::ScenarioConfig& config = study.points.front().config;
  report::OutputDir dir(options.output);
  const auto wall_start = std::chrono::steady_clock::now();
  scenario::ScenarioRun run(config);
  // Message rows go to part files in the staging folder as messages settle (not into memory).
  report::RunRecorder recorder(run, config.reports.messages
                                        ? std::optional<std::filesystem::path>(dir.staging())
                                        : std::nullopt);
  std::unique_ptr<net::PcapWriter> pcap;
  if (options.pcap) {
    pcap = std::make_unique<net::PcapWriter>(run.network(), dir.create_directory("pcap"));
    // TCP payload bytes where a byte stream carries them (Socket.IO: HTTP, WebSocket frames).
    pcap->set_payload_source(&run.byte_streams());
    run.network().set_tap(pcap.get());
  }
  const bool completed = run_pool(
      1, {1, !options.quiet, config.duration},
      [&](std::size_t, scenario::RunProgress& progress) { return run.run(&progress); }, err);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  if (pcap) {
    pcap->close();
    // Tearing the run down may still send packets (a Socket.IO client's transport closes its
    // WebSocket when destroyed); the writer goes first, so it must not hear of them.
    run.network().set_tap(nullptr);
  }

  const std::vector<report::FlowSummary> flows = recorder.finish(config);
  report::RunInfo info = study_info(options.scenario, study);
  info.partial = !completed;
  info.points_completed = info.runs_completed = completed ? 1 : 0;
  info.simulated = run.simulated();
  info.wall_time_s = wall.count();
  info.events_executed = run.simulator().events_executed();
  info.files = {"summary.csv", "links.csv", "flows.csv", "timeseries.csv", "run.json"};
  if (config.reports.messages) info.files.insert(info.files.begin() + 1, "messages.csv");
  const bool realtime = !config.realtime.empty();
  if (realtime) {
    info.files.insert(info.files.end() - 1,
                      {"realtime_timeline.csv", "realtime_events.csv", "realtime_clients.csv",
                       "deliveries.csv", "missed.csv"});
    if (!config.realtime.mitigations.empty()) {
      info.files.insert(info.files.end() - 1, "mitigations.csv");
    }
  }
  if (pcap) {
    for (const auto& f : pcap->files()) info.files.push_back("pcap/" + f.filename().string());
  }
  write_file(dir, "summary.csv", [&](std::ostream& o) { report::write_summary_csv(o, flows); });
  if (config.reports.messages) {
    write_file(dir, "messages.csv", [&](std::ostream& o) { recorder.write_messages_csv(o); });
  }
  write_file(dir, "links.csv",
             [&](std::ostream& o) { report::write_links_csv(o, run.network(), run.simulated()); });
  write_file(dir, "flows.csv", [&](std::ostream& o) { report::write_flows_csv(o, config, run); });
  write_file(dir, "timeseries.csv",
             [&](std::ostream& o) { report::write_timeseries_csv(o, config, run); });
  std::vector<report::RealtimeClientSummary> realtime_clients;
  std::vector<realtime::Delivery> deliveries;
  std::vector<report::MitigationResult> mitigations;
  if (realtime) {
    RealtimeReports reports = write_realtime_reports(dir, run);
    realtime_clients = std::move(reports.clients);
    deliveries = std::move(reports.deliveries);
    if (!config.realtime.mitigations.empty()) {
      // The detail files are the scenario as written; each strategy is another run of it.
      mitigations = report::run_mitigations(config);
      write_file(dir, "mitigations.csv",
                 [&](std::ostream& o) { report::write_mitigations_csv(o, mitigations); });
    }
  }
  write_run_json(dir, info);
  dir.commit();

  if (!completed) {
    err << fmt::format("netsim: stopped at {} of {} simulated; partial results in {}/\n",
                       sim::to_string(run.simulated()), sim::to_string(config.duration),
                       dir.destination().string());
    return kExitInterrupted;
  }
  if (!options.quiet) {
    out << fmt::format("{}: {} simulated (seed {}), {} events in {:.3f} s wall time\n\n",
                       options.title, sim::to_string(config.duration), config.seed,
                       info.events_executed, info.wall_time_s);
    if (!flows.empty()) out << report::summary_table(flows);
    if (realtime) {
      out << (flows.empty() ? "" : "\n") << report::realtime_table(run, realtime_clients)
          << report::deliveries_line(deliveries);
      if (!mitigations.empty()) out << report::mitigations_table(mitigations);
    }
    out << fmt::format("\nResults in {}/ (", dir.destination().string());
    for (std::size_t i = 0; i < info.files.size(); ++i) {
      if (info.files[i].starts_with("pcap/")) {
        out << ", pcap/";
        break;
      }
      out << (i > 0 ? ", " : "") << info.files[i];
    }
    out << ")\n";
  }
  return kExitOk;
}

namespace {

// Replications and sweep points, in parallel; aggregated reports only.
int run_study(const RunOptions& options, const scenario::Study& study, std::ostream& out,
              std::ostream& err) {
  report::OutputDir dir(options.output.value_or("results/" + study.name));
  const auto wall_start = std::chrono::steady_clock::now();
  const std::size_t runs = study.points.size() * study.replications;
  std::vector<report::RunResult> results(runs);
  const bool completed = run_pool(
      runs, {options.jobs, !options.quiet, study.points.front().config.duration},
      [&](std::size_t index, scenario::RunProgress& progress) {
        return run_study_index(study, index, progress, results[index]);
      },
      err);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;

  report::RunInfo info = study_info(options.scenario, study);
  info.partial = !completed;
  info.jobs = options.jobs;
  for (std::size_t p = 0; p < study.points.size(); ++p) {
    if (report::point_done(study, results, p)) ++info.points_completed;
  }
  count_runs(results, info);
  info.wall_time_s = wall.count();
  const std::string runs_file = study.keys.empty() ? "replications.csv" : "sweep.csv";
  info.files = {"summary.csv", runs_file, "run.json"};
  const bool realtime = !study.points.front().config.realtime.empty();
  if (realtime) {
    info.files.insert(info.files.end() - 1, {"realtime_summary.csv", "realtime_" + runs_file});
  }
  write_file(dir, "summary.csv",
             [&](std::ostream& o) { report::write_study_summary_csv(o, study, results); });
  write_file(dir, runs_file, [&](std::ostream& o) { report::write_runs_csv(o, study, results); });
  if (realtime) {
    write_file(dir, "realtime_summary.csv",
               [&](std::ostream& o) { report::write_realtime_summary_csv(o, study, results); });
    write_file(dir, "realtime_" + runs_file,
               [&](std::ostream& o) { report::write_realtime_runs_csv(o, study, results); });
  }
  write_run_json(dir, info);
  dir.commit();

  if (!completed) {
    err << fmt::format("netsim: interrupted; {} of {} points complete, written to {}/\n",
                       info.points_completed, study.points.size(), dir.destination().string());
    return kExitInterrupted;
  }
  if (!options.quiet) {
    out << fmt::format(
        "{}: {} point{} × {} replication{} of {} simulated (seed {}), {} runs on {} thread{}, "
        "{} events in {:.3f} s wall time\n",
        study.name, study.points.size(), study.points.size() == 1 ? "" : "s", study.replications,
        study.replications == 1 ? "" : "s", sim::to_string(info.duration), study.seed, runs,
        std::min<std::size_t>(options.jobs, runs),
        std::min<std::size_t>(options.jobs, runs) == 1 ? "" : "s", info.events_executed,
        info.wall_time_s);
    out << (study.replications > 1 ? "Means ± half-width of the 95% confidence interval.\n\n"
                                   : "\n");
    const bool flows = !study.points.front().config.traffic.empty();
    if (flows || !realtime) out << report::study_table(study, results);
    if (realtime) out << (flows ? "\n" : "") << report::realtime_study_table(study, results);
    out << fmt::format("\nResults in {}/ (", dir.destination().string());
    for (std::size_t i = 0; i < info.files.size(); ++i) {
      out << (i > 0 ? ", " : "") << info.files[i];
    }
    out << ")\n";
  }
  return kExitOk;
}

}  // namespace

int plot_command(const std::string& results, std::ostream& out, std::ostream& err) {
  try {
    for (const auto& file : report::plot_results(results)) {
      out << (std::filesystem::path(results) / file).string() << '\n';
    }
    return kExitOk;
  } catch (const std::exception& e) {
    err << "netsim: " << e.what() << '\n';
    return kExitFailure;
  }
}

int validate_command(const std::string& scenario, const std::vector<std::string>& sets,
                     std::ostream& out, std::ostream& err) {
  try {
    const scenario::Study study = scenario::load_study(scenario, overrides_from(sets, {}));
    const scenario::ScenarioConfig& config = study.points.front().config;
    out << fmt::format("{}: ok ({} nodes, {} links, {} flows, {} simulated", scenario,
                       config.nodes.size(), config.links.size(), config.traffic.size(),
                       sim::to_string(config.duration));
    if (!study.is_single_run()) {
      out << fmt::format("; {} point{} × {} replication{}", study.points.size(),
                         study.points.size() == 1 ? "" : "s", study.replications,
                         study.replications == 1 ? "" : "s");
    }
    out << ")\n";
    return kExitOk;
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << '\n';
    return kExitScenarioError;
  }
}

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err) {
  scenario::Study study;
  try {
    study = scenario::load_study(options.scenario, overrides_from(options.sets, options.seed));
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << '\n';
    return kExitScenarioError;
  }
  // A `compare:` block makes `netsim run` the comparison.
  if (study.points.front().config.compare) {
    if (options.pcap) {
      err << "netsim: --pcap captures a single run; this scenario compares TCP and UDP\n";
      return kExitScenarioError;
    }
    CompareOptions compare;
    compare.scenario = options.scenario;
    compare.output = options.output;
    compare.sets = options.sets;
    if (options.seed) compare.sets.push_back("seed=" + std::to_string(*options.seed));
    compare.jobs = options.jobs;
    compare.quiet = options.quiet;
    return compare_command(compare, out, err);
  }
  if (options.pcap && !study.is_single_run()) {
    err << "netsim: --pcap captures a single run; this scenario has a sweep or replications "
           "(run one point with --set, e.g. --set replications=1)\n";
    return kExitScenarioError;
  }
  try {
    if (!study.is_single_run()) return run_study(options, study, out, err);
    const std::string& name = study.points.front().config.name;
    return run_single({options.scenario, options.output.value_or("results/" + name), name,
                       options.quiet, options.pcap},
                      study, out, err);
  } catch (const std::exception& e) {
    err << "netsim: " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace netsim::cli
