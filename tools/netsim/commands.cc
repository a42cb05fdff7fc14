#include "tools/netsim/commands.h"

#include <fmt/format.h>

#include <chrono>
#include <exception>

#include "models/net/pcap_writer.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_loader.h"
#include "models/scenario/scenario_run.h"
#include "tools/report/link_report.h"
#include "tools/report/output_dir.h"
#include "tools/report/run_report.h"
#include "tools/report/sha256.h"
#include "tools/report/summary_table.h"
#include "tools/report/tcp_report.h"

namespace netsim::cli {

int validate_command(const std::string& scenario, std::ostream& out, std::ostream& err) {
  try {
    const scenario::ScenarioConfig config = scenario::load_scenario_file(scenario);
    out << fmt::format("{}: ok ({} nodes, {} links, {} flows, {} simulated)\n", scenario,
                       config.nodes.size(), config.links.size(), config.traffic.size(),
                       sim::to_string(config.duration));
    return kExitOk;
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << '\n';
    return kExitScenarioError;
  }
}

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err) {
  scenario::ScenarioConfig config;
  try {
    config = scenario::load_scenario_file(options.scenario);
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << '\n';
    return kExitScenarioError;
  }
  if (options.seed) config.seed = *options.seed;

  try {
    // The results folder is staged from the start (pcap files are written during the run) and
    // published only at the end.
    report::OutputDir dir(options.output.value_or("results/" + config.name));
    const auto wall_start = std::chrono::steady_clock::now();
    scenario::ScenarioRun run(config);
    std::unique_ptr<net::PcapWriter> pcap;
    if (options.pcap) {
      pcap = std::make_unique<net::PcapWriter>(run.network(), dir.create_directory("pcap"));
      run.network().set_tap(pcap.get());
    }
    run.run();
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
    if (pcap) pcap->close();

    std::vector<report::FlowSummary> flows;
    for (const auto& log : run.logs()) flows.push_back(report::summarize(*log));
    // Bulk transfers have no messages: their goodput is the receiver's bytes over the window.
    for (const auto& f : run.tcp_flows()) {
      const scenario::TrafficConfig& flow = config.traffic[f.flow_index];
      if (flow.app != scenario::App::Bulk) continue;
      const tcp::TcpSocket* server = f.server();
      const double bytes =
          server != nullptr ? static_cast<double>(server->connection().stats().bytes_delivered) : 0;
      flows[f.flow_index].goodput_mbps =
          bytes * 8 / (flow.bulk.stop - flow.bulk.start).to_seconds() * 1e-6;
    }

    report::RunInfo info;
    info.scenario_file = options.scenario;
    info.scenario_sha256 = report::sha256_file_hex(options.scenario);
    info.scenario_name = config.name;
    info.seed = config.seed;
    info.duration = config.duration;
    info.wall_time_s = wall.count();
    info.events_executed = run.simulator().events_executed();
    info.files = {"summary.csv", "messages.csv",   "links.csv",
                  "flows.csv",   "timeseries.csv", "run.json"};
    if (pcap) {
      for (const auto& f : pcap->files()) info.files.push_back("pcap/" + f.filename().string());
    }

    {
      auto summary = dir.create("summary.csv");
      report::write_summary_csv(summary, flows);
      auto messages = dir.create("messages.csv");
      report::write_messages_csv(messages, run.logs());
      auto links = dir.create("links.csv");
      report::write_links_csv(links, run.network(), run.duration());
      auto flows_csv = dir.create("flows.csv");
      report::write_flows_csv(flows_csv, config, run);
      auto timeseries = dir.create("timeseries.csv");
      report::write_timeseries_csv(timeseries, config, run);
      auto json = dir.create("run.json");
      json << report::run_json(info);
      for (auto* file : {&summary, &messages, &links, &flows_csv, &timeseries, &json}) {
        file->close();
        if (!*file) throw std::runtime_error("writing results failed (disk full?)");
      }
    }
    dir.commit();

    if (!options.quiet) {
      out << fmt::format("{}: {} simulated (seed {}), {} events in {:.3f} s wall time\n\n",
                         config.name, sim::to_string(config.duration), config.seed,
                         info.events_executed, info.wall_time_s);
      out << report::summary_table(flows);
      out << fmt::format(
          "\nResults in {}/ (summary.csv, messages.csv, links.csv, flows.csv, timeseries.csv, "
          "run.json{})\n",
          dir.destination().string(), pcap ? ", pcap/" : "");
    }
    return kExitOk;
  } catch (const std::exception& e) {
    err << "netsim: " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace netsim::cli
