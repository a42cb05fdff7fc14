// The end-of-run table a person reads in the terminal.
#pragma once

#include <string>
#include <vector>

#include "tools/report/flow_summary.h"

namespace netsim::report {

std::string summary_table(const std::vector<FlowSummary>& flows);

// Rows as aligned columns separated by two spaces; the first `text_columns` are left-aligned,
// the rest (figures) right-aligned.
std::string format_table(const std::vector<std::vector<std::string>>& rows,
                         std::size_t text_columns);

}  // namespace netsim::report
