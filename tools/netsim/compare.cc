// netsim compare: the scenario's message streams run once over TCP and once over UDP, on the same
// network with the same impairments, seeds and replications, across its sweep. What is and is
// not common between the two runs: docs/compare.md.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <exception>

#include "models/scenario/scenario_error.h"
#include "models/scenario/study.h"
#include "tools/netsim/commands.h"
#include "tools/netsim/run_pool.h"
#include "tools/netsim/study_runs.h"
#include "tools/report/compare_report.h"
#include "tools/report/output_dir.h"
#include "tools/report/plots.h"
#include "tools/report/run_report.h"

namespace netsim::cli {

namespace {

// The scenario with every compared flow's transport set.
// The scenario with every compared flow's transport set (and taken out of the sweep, if it is
// swept: comparing transports is this command's sweep).
scenario::Study with_transport(const CompareOptions& options, const std::vector<std::string>& flows,
                               const char* transport) {
  std::vector<scenario::Override> overrides = overrides_from(options.sets, std::nullopt);
  std::vector<std::string> keys;
  for (const auto& flow : flows) {
    keys.push_back("traffic." + flow + ".transport");
    overrides.push_back(scenario::parse_override(keys.back() + "=" + std::string(transport)));
  }
  return scenario::load_study(options.scenario, overrides, keys);
}

}  // namespace

int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err) {
  scenario::Study tcp;
  scenario::Study udp;
  std::vector<std::string> flows;
  bool plots = options.plots;
  try {
    const scenario::Study base =
        scenario::load_study(options.scenario, overrides_from(options.sets, std::nullopt));
    // Both transports carry message streams and request/response exchanges; bulk transfers
    // (TCP only) stay as they are, cross traffic in both runs.
    const auto& compare_block = base.points.front().config.compare;
    if (compare_block && !compare_block->flows.empty()) {
      flows = compare_block->flows;
    } else {
      for (const auto& flow : base.points.front().config.traffic) {
        if (flow.app != scenario::App::Bulk) flows.push_back(flow.name);
      }
    }
    plots = options.plots && (!compare_block || compare_block->plots);
    if (flows.empty()) {
      err << options.scenario
          << ": netsim compare needs a message_stream or request_response flow (the traffic "
             "both transports carry)\n";
      return kExitScenarioError;
    }
    tcp = with_transport(options, flows, "tcp");
    udp = with_transport(options, flows, "udp");
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << '\n';
    return kExitScenarioError;
  }

  try {
    report::OutputDir dir(options.output.value_or("results/" + tcp.name + "-compare"));
    const auto wall_start = std::chrono::steady_clock::now();
    report::Comparison comparison{&tcp, &udp, {}, {}, flows, {}};
    for (const auto& point : udp.points) {
      std::vector<double> losses;
      for (const auto& name : flows) {
        for (const auto& flow : point.config.traffic) {
          if (flow.name != name) continue;
          double delivered = 1 - report::direct_link_loss(point.config, flow.from, flow.to);
          // An exchange needs its request there and its response back.
          if (flow.app == scenario::App::RequestResponse) {
            delivered *= 1 - report::direct_link_loss(point.config, flow.to, flow.from);
          }
          losses.push_back(1 - delivered);
        }
      }
      comparison.theory_loss.push_back(std::move(losses));
    }
    const std::size_t per_transport = tcp.points.size() * tcp.replications;
    comparison.tcp_results.resize(per_transport);
    comparison.udp_results.resize(per_transport);
    // Runs interleave TCP and UDP so that an interrupted comparison has both for what it has.
    const bool completed = run_pool(
        2 * per_transport, {options.jobs, !options.quiet, tcp.points.front().config.duration},
        [&](std::size_t index, scenario::RunProgress& progress) {
          // Even indices over TCP, odd over UDP, each the same study run.
          const bool is_tcp = index % 2 == 0;
          return run_study_index(
              is_tcp ? tcp : udp, index / 2, progress,
              (is_tcp ? comparison.tcp_results : comparison.udp_results)[index / 2]);
        },
        err);
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;

    // The scenario as run is the UDP one (the TCP study differs only in the flows' transport).
    report::RunInfo info = study_info(options.scenario, udp);
    info.partial = !completed;
    info.jobs = options.jobs;
    for (std::size_t p = 0; p < tcp.points.size(); ++p) {
      if (report::point_done(tcp, comparison.tcp_results, p) &&
          report::point_done(udp, comparison.udp_results, p)) {
        ++info.points_completed;
      }
    }
    count_runs(comparison.tcp_results, info);
    count_runs(comparison.udp_results, info);
    info.wall_time_s = wall.count();
    info.files = {"compare.csv", "compare_cdf.csv", "run.json"};
    write_file(dir, "compare.csv",
               [&](std::ostream& o) { report::write_compare_csv(o, comparison); });
    write_file(dir, "compare_cdf.csv",
               [&](std::ostream& o) { report::write_compare_cdf_csv(o, comparison); });
    write_run_json(dir, info);
    dir.commit();
    if (!completed) {
      err << fmt::format("netsim: interrupted; {} of {} points compared, written to {}/\n",
                         info.points_completed, tcp.points.size(), dir.destination().string());
      return kExitInterrupted;
    }
    if (!options.quiet) {
      out << fmt::format(
          "{}: {} over TCP and over UDP, {} point{} × {} replication{} ({} runs, {:.3f} s)\n\n",
          tcp.name, fmt::join(flows, ", "), tcp.points.size(), tcp.points.size() == 1 ? "" : "s",
          tcp.replications, tcp.replications == 1 ? "" : "s", 2 * per_transport, info.wall_time_s);
      out << report::compare_summary(comparison);
      out << fmt::format("\nResults in {}/ (compare.csv, compare_cdf.csv, run.json)\n",
                         dir.destination().string());
    }
    if (plots) {
      // The CSV is the result; a figure that cannot be drawn is worth a warning, not a failure.
      try {
        const auto files = report::plot_results(dir.destination());
        if (!options.quiet) out << fmt::format("Plots: {}\n", fmt::join(files, ", "));
      } catch (const std::exception& e) {
        err << "netsim: no plots: " << e.what() << '\n';
      }
    }
    return kExitOk;
  } catch (const std::exception& e) {
    err << "netsim: " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace netsim::cli
