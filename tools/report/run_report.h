// The files a run writes: summary.csv (one row per flow), messages.csv (one row per message)
// and run.json (what produced them). Columns are documented in docs/outputs.md.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "models/apps/message_log.h"
#include "sim/time.h"
#include "tools/report/flow_summary.h"

namespace netsim::report {

inline constexpr const char* kVersion = NETSIM_VERSION;

struct RunInfo {
  std::string scenario_file;
  std::string scenario_sha256;
  std::string scenario_name;
  std::uint64_t seed = 0;
  sim::Duration duration;
  double wall_time_s = 0;
  std::uint64_t events_executed = 0;
  std::vector<std::string> files;
};

void write_summary_csv(std::ostream& out, const std::vector<FlowSummary>& flows);
void write_messages_csv(std::ostream& out,
                        const std::vector<std::unique_ptr<apps::MessageLog>>& logs);
std::string run_json(const RunInfo& info);

}  // namespace netsim::report
