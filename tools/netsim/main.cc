// netsim: run network scenarios and get CSV reports.
#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "tools/netsim/commands.h"
#include "tools/report/run_report.h"

int main(int argc, char** argv) {
  using netsim::cli::kExitScenarioError;
  CLI::App app{
      "netsim: a discrete-event network protocol simulator.\n"
      "Runs a YAML scenario (docs/scenarios.md) and writes CSV reports (docs/outputs.md).\n"
      "Example: netsim run scenarios/quickstart.yaml",
      "netsim"};
  app.set_version_flag("--version", std::string("netsim ") + netsim::report::kVersion);
  app.require_subcommand(1);

  netsim::cli::RunOptions run_options;
  run_options.jobs = std::max(1U, std::thread::hardware_concurrency());
  std::uint64_t seed = 0;
  auto* run = app.add_subcommand(
      "run",
      "Run a scenario and write CSV reports.\n"
      "A scenario with `replications:` or a `sweep:` block runs every point and replication,\n"
      "in parallel, and writes summary.csv with 95% confidence intervals and replications.csv\n"
      "or sweep.csv (with Socket.IO clients also realtime_summary.csv and realtime_sweep.csv);\n"
      "otherwise one run writes every detail file.\n"
      "Examples:\n"
      "  netsim run scenarios/quickstart.yaml\n"
      "  netsim run scenarios/quickstart.yaml -o /tmp/out --seed 7 --pcap\n"
      "  netsim run scenarios/quickstart.yaml --set links.uplink.loss=2% --set replications=10\n"
      "  netsim run scenarios/loss-sweep.yaml -j 2");
  run->add_option("scenario", run_options.scenario, "Scenario file (YAML)")->required();
  run->add_option(
      "-o,--output", run_options.output,
      "Results folder (default: results/<scenario name>); replaced only when the run ends");
  run->add_option("--set", run_options.sets,
                  "Override a scenario value, KEY=VALUE with a dotted key path; repeatable, "
                  "applied in order after `extends`, e.g. --set links.uplink.loss=2% "
                  "--set duration=10s --set 'sweep.grid.links.uplink.loss=[0, 1%]'")
      ->allow_extra_args(false);
  auto* seed_option =
      run->add_option("--seed", seed, "Override the scenario's seed (--set seed=N)");
  run->add_option("-j,--jobs", run_options.jobs,
                  "Runs in parallel for replications and sweeps (default: the core count); "
                  "results are identical for any value")
      ->check(CLI::Range(1U, 1024U));
  run->add_flag("-q,--quiet", run_options.quiet, "Print nothing on success, draw no progress");
  run->add_flag("--pcap", run_options.pcap,
                "Also write pcap/<node>-<link>.pcap: what each interface sent and received "
                "(single runs)");

  netsim::cli::CompareOptions compare_options;
  compare_options.jobs = run_options.jobs;
  auto* compare = app.add_subcommand(
      "compare",
      "Run the scenario's message streams once over TCP and once over UDP, on the same network,\n"
      "impairments, seeds, sweep and replications, and write compare.csv (docs/compare.md).\n"
      "Examples:\n"
      "  netsim compare scenarios/tcp-vs-udp.yaml\n"
      "  netsim compare scenarios/loss-sweep.yaml -o /tmp/cmp --set replications=10");
  compare->add_option("scenario", compare_options.scenario, "Scenario file (YAML)")->required();
  compare->add_option("-o,--output", compare_options.output,
                      "Results folder (default: results/<scenario name>-compare)");
  compare->add_option("--set", compare_options.sets, "Override a value, as for `netsim run`")
      ->allow_extra_args(false);
  compare
      ->add_option("-j,--jobs", compare_options.jobs, "Runs in parallel (default: the core count)")
      ->check(CLI::Range(1U, 1024U));
  compare->add_flag("-q,--quiet", compare_options.quiet, "Print nothing on success");
  bool no_plots = false;
  compare->add_flag("--no-plots", no_plots, "Do not draw plots/ (they need gnuplot)");

  netsim::cli::ReplayOptions replay_options;
  std::uint64_t replay_seed = 0;
  auto* replay = app.add_subcommand(
      "replay",
      "Replay a recorded timeline of Socket.IO actions through the network of a scenario, and\n"
      "write the reports of `netsim run` (realtime_timeline.csv, realtime_events.csv,\n"
      "deliveries.csv, ...). A trace is CSV with a header (.csv) or one JSON object per line\n"
      "(.jsonl); each line is a client's connect, disconnect, emit, listen, unlisten, join or\n"
      "leave, or a server's emit, at a time (docs/scenarios.md, \"Replaying a trace\"):\n"
      "  time,client,action,event,room,size\n"
      "  0s,alice,connect,,,\n"
      "  0s,alice,listen,news,,\n"
      "  1s,alice,join,,lobby,\n"
      "  2s,chat,emit,news,lobby,200\n"
      "The scenario gives the nodes, links, faults and `realtime.servers` (its clients, if any,\n"
      "run too).\n"
      "Example:\n"
      "  netsim replay scenarios/traces/chat.csv --scenario scenarios/traces/chat-network.yaml");
  replay->add_option("trace", replay_options.trace, "Trace file (.csv or .jsonl)")->required();
  replay
      ->add_option("--scenario", replay_options.scenario,
                   "Scenario file (YAML) with the network and the realtime servers")
      ->required();
  replay->add_option("-o,--output", replay_options.output,
                     "Results folder (default: results/<trace file name without extension>); "
                     "replaced only when the run ends");
  auto* replay_seed_option =
      replay->add_option("--seed", replay_seed, "Override the scenario's seed");
  replay->add_flag("-q,--quiet", replay_options.quiet,
                   "Print nothing on success, draw no progress");

  std::string plot_folder;
  auto* plot = app.add_subcommand(
      "plot",
      "Draw PNG and SVG figures of a results folder with gnuplot, into RESULT_DIR/plots/:\n"
      "latency CDFs (messages.csv), TCP cwnd and RTT over time (timeseries.csv), latency and\n"
      "loss against the swept parameter per transport (compare.csv).\n"
      "Example: netsim plot results/tcp-vs-udp");
  plot->add_option("results", plot_folder, "Results folder")->required();

  std::string validate_file;
  std::vector<std::string> validate_sets;
  auto* validate = app.add_subcommand(
      "validate",
      "Check a scenario, every sweep point included, without running it.\n"
      "Example: netsim validate scenarios/quickstart.yaml --set links.uplink.loss=2%");
  validate->add_option("scenario", validate_file, "Scenario file (YAML)")->required();
  validate->add_option("--set", validate_sets, "Override a value, as for `netsim run`")
      ->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitScenarioError;
  }

  if (*run) {
    if (*seed_option) run_options.seed = seed;
    return netsim::cli::run_command(run_options, std::cout, std::cerr);
  }
  if (*compare) {
    compare_options.plots = !no_plots;
    return netsim::cli::compare_command(compare_options, std::cout, std::cerr);
  }
  if (*replay) {
    if (*replay_seed_option) replay_options.seed = replay_seed;
    return netsim::cli::replay_command(replay_options, std::cout, std::cerr);
  }
  if (*plot) return netsim::cli::plot_command(plot_folder, std::cout, std::cerr);
  return netsim::cli::validate_command(validate_file, validate_sets, std::cout, std::cerr);
}
