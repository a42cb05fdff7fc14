// The netsim subcommands, separate from argument parsing so that tests can call them.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "models/scenario/composition.h"
#include "models/scenario/study.h"

namespace netsim::cli {

// Exit statuses.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;        // could not write results, internal error
inline constexpr int kExitScenarioError = 2;  // the scenario or the command line is wrong
inline constexpr int kExitInterrupted = 130;  // Ctrl-C: partial results written (128 + SIGINT)

struct RunOptions {
  std::string scenario;
  std::optional<std::string> output;  // default: results/<scenario name>
  std::optional<std::uint64_t> seed;  // default: the scenario's seed
  std::vector<std::string> sets;      // --set KEY=VALUE, in order
  unsigned jobs = 1;                  // runs in parallel (studies)
  bool quiet = false;                 // no table on stdout, no progress line
  bool pcap = false;                  // write pcap/<node>-<link>.pcap captures
};

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);

// One run of a single-run study with every detail file, as `netsim run` writes it: summary,
// messages, links, TCP flows, time series, the realtime reports (and mitigations), optional pcap
// captures, run.json. `netsim replay` runs its trace through it too.
struct SingleRunOptions {
  std::string scenario;  // the scenario file, for run.json
  std::string output;    // results folder
  std::string title;     // heads the terminal summary: "<title>: 60s simulated (seed 1), ..."
  bool quiet = false;
  bool pcap = false;
};
int run_single(const SingleRunOptions& options, const scenario::Study& study, std::ostream& out,
               std::ostream& err);

// `netsim compare`: the scenario's message streams once over TCP and once over UDP
// (tools/netsim/compare.cc; docs/compare.md).
struct CompareOptions {
  std::string scenario;
  std::optional<std::string> output;  // default: results/<scenario name>-compare
  std::vector<std::string> sets;
  unsigned jobs = 1;
  bool quiet = false;
  bool plots = true;  // draw plots/ with gnuplot (netsim plot)
};
int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err);

// `netsim replay TRACE --scenario NETWORK.yaml`: a recorded timeline of Socket.IO actions run
// through a scenario's network, with the reports of a single `netsim run` (tools/netsim/replay.cc;
// docs/scenarios.md, *Replaying a trace*).
struct ReplayOptions {
  std::string trace;
  std::string scenario;
  std::optional<std::string> output;  // default: results/<trace file name without extension>
  std::optional<std::uint64_t> seed;  // default: the scenario's seed
  bool quiet = false;
};
int replay_command(const ReplayOptions& options, std::ostream& out, std::ostream& err);

// `netsim plot RESULT_DIR`: PNG and SVG figures in RESULT_DIR/plots/ (tools/report/plots.h).
int plot_command(const std::string& results, std::ostream& out, std::ostream& err);

// --set and --seed as overrides, for every command.
std::vector<scenario::Override> overrides_from(const std::vector<std::string>& sets,
                                               std::optional<std::uint64_t> seed);
int validate_command(const std::string& scenario, const std::vector<std::string>& sets,
                     std::ostream& out, std::ostream& err);

}  // namespace netsim::cli
