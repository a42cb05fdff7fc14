// The netsim subcommands, separate from argument parsing so that tests can call them.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

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
int validate_command(const std::string& scenario, const std::vector<std::string>& sets,
                     std::ostream& out, std::ostream& err);

}  // namespace netsim::cli
