// `netsim replay TRACE --scenario NETWORK.yaml`: a recorded timeline of Socket.IO actions
// (models/scenario/trace_reader.h) added to a scenario's realtime section as clients and server
// scripts, then run once by `netsim run`'s single-run path (run_single), with its reports.
#include <exception>
#include <filesystem>
#include <string>

#include "models/scenario/composition.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/study.h"
#include "models/scenario/trace_reader.h"
#include "tools/netsim/commands.h"

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
    const std::string output =
        options.output.value_or("results/" + std::filesystem::path(options.trace).stem().string());
    return run_single(
        {options.scenario, output, options.trace + " on " + study.points.front().config.name,
         options.quiet, false},
        study, out, err);
  } catch (const std::exception& e) {
    err << "netsim: " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace netsim::cli
