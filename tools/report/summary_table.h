// The end-of-run table a person reads in the terminal.
#pragma once

#include <string>
#include <vector>

#include "tools/report/flow_summary.h"

namespace netsim::report {

std::string summary_table(const std::vector<FlowSummary>& flows);

}  // namespace netsim::report
