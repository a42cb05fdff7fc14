// The netsim subcommands, separate from argument parsing so that tests can call them.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace netsim::cli {

// Exit statuses.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;        // could not write results, internal error
inline constexpr int kExitScenarioError = 2;  // the scenario or the command line is wrong

struct RunOptions {
  std::string scenario;
  std::optional<std::string> output;  // default: results/<scenario name>
  std::optional<std::uint64_t> seed;  // default: the scenario's seed
  bool quiet = false;                 // no table on stdout
  bool pcap = false;                  // write pcap/<node>-<link>.pcap captures
};

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);
int validate_command(const std::string& scenario, std::ostream& out, std::ostream& err);

}  // namespace netsim::cli
