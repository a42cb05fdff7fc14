// netsim: run network scenarios and get CSV reports.
#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/netsim/commands.h"
#include "tools/report/run_report.h"

int main(int argc, char** argv) {
  using netsim::cli::kExitScenarioError;
  CLI::App app{
      "netsim: a discrete-event network protocol simulator.\n"
      "Example: netsim run scenarios/quickstart.yaml",
      "netsim"};
  app.set_version_flag("--version", std::string("netsim ") + netsim::report::kVersion);
  app.require_subcommand(1);

  netsim::cli::RunOptions run_options;
  std::uint64_t seed = 0;
  auto* run =
      app.add_subcommand("run",
                         "Run a scenario and write CSV reports.\n"
                         "Example: netsim run scenarios/quickstart.yaml -o /tmp/out --seed 7");
  run->add_option("scenario", run_options.scenario, "Scenario file (YAML)")->required();
  run->add_option(
      "-o,--output", run_options.output,
      "Results folder (default: results/<scenario name>); replaced only when the run completes");
  auto* seed_option = run->add_option("--seed", seed, "Override the scenario's seed");
  run->add_flag("-q,--quiet", run_options.quiet, "Print nothing on success");
  run->add_flag("--pcap", run_options.pcap,
                "Also write pcap/<node>-<link>.pcap: what each interface sent and received");

  std::string validate_file;
  auto* validate = app.add_subcommand("validate",
                                      "Check a scenario without running it.\n"
                                      "Example: netsim validate scenarios/quickstart.yaml");
  validate->add_option("scenario", validate_file, "Scenario file (YAML)")->required();

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
  return netsim::cli::validate_command(validate_file, std::cout, std::cerr);
}
