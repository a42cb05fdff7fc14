// Records a run's messages while it runs: each flow's log streams its settled messages to a
// recorder that accumulates the flow's summary and, for messages.csv, writes the rows to a part
// file of its own. Memory holds only unsettled messages and the latencies of delivered ones
// (8 bytes each, for exact percentiles), so runs of 10⁸ messages fit; messages.csv is the parts
// joined in flow order, the same bytes as if written from a complete log.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "models/scenario/scenario_config.h"
#include "models/scenario/scenario_run.h"
#include "tools/report/flow_summary.h"

namespace netsim::report {

class RunRecorder {
 public:
  // With `parts_folder`, message rows are written there (one file per flow) for messages.csv.
  RunRecorder(scenario::ScenarioRun& run, std::optional<std::filesystem::path> parts_folder);
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;
  ~RunRecorder();

  // After the run (complete or stopped): settles what is left (in flight) and returns one
  // summary per flow, in scenario order, bulk goodput included.
  std::vector<FlowSummary> finish(const scenario::ScenarioConfig& config);

  // messages.csv: the header and every part, in flow order; the parts are removed. Throws
  // std::runtime_error if a part could not be written or read back.
  void write_messages_csv(std::ostream& out);

 private:
  class FlowRecorder;
  scenario::ScenarioRun& run_;
  std::optional<std::filesystem::path> parts_folder_;
  std::vector<std::unique_ptr<FlowRecorder>> flows_;
};

}  // namespace netsim::report
