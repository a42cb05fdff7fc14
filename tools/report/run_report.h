// The files a run writes: summary.csv (one row per flow), messages.csv (one row per message)
// and run.json (what produced them, for runs and studies alike). Columns and fields are
// documented in docs/outputs.md.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "models/apps/message_log.h"
#include "models/scenario/document.h"
#include "sim/time.h"
#include "tools/report/flow_summary.h"

namespace netsim::report {

inline constexpr const char* kVersion = NETSIM_VERSION;

struct RunInfo {
  std::string scenario_file;
  std::string scenario_sha256;
  std::string scenario_name;
  scenario::DocPtr scenario;  // as run: after extends and --set, sweep included
  scenario::DocPtr resolved;  // every value explicit, defaults included (of point 0 in a sweep)
  std::uint64_t seed = 0;
  std::uint32_t replications = 1;
  std::size_t points = 1;
  std::size_t points_completed = 0;
  std::size_t runs_completed = 0;
  bool partial = false;  // interrupted: only completed points (or time) are reported
  sim::Duration duration;
  sim::Duration simulated;  // of a single run: less than `duration` if interrupted
  unsigned jobs = 1;
  double wall_time_s = 0;
  std::uint64_t events_executed = 0;
  double peak_memory_mib = 0;
  std::vector<std::string> files;
};

// The peak resident memory of this process so far, in MiB (getrusage's ru_maxrss).
double peak_memory_mib();

void write_summary_csv(std::ostream& out, const std::vector<FlowSummary>& flows);
// messages.csv: the header, and one message's row.
void write_messages_header(std::ostream& out);
void write_message_row(std::ostream& out, const std::string& flow, const std::string& transport,
                       std::uint64_t sequence, const apps::MessageRecord& record);
std::string run_json(const RunInfo& info);

}  // namespace netsim::report
