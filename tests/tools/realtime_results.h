// Reading a realtime run's reports in tests: the timeline's rows and their times.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/tools/csv_reader.h"

namespace netsim::testing {

using Row = std::map<std::string, std::string>;

// The rows of realtime_timeline.csv in `dir` where `who` did `what`, in order.
inline std::vector<Row> timeline_rows(const std::filesystem::path& dir, const std::string& who,
                                      const std::string& what) {
  std::vector<Row> out;
  for (const Row& r : read_csv((dir / "realtime_timeline.csv").string()).rows) {
    if (r.at("who") == who && r.at("what") == what) out.push_back(r);
  }
  return out;
}

// A time column of a report row, in seconds.
inline double t(const Row& row, const char* column = "time_s") { return std::stod(row.at(column)); }

}  // namespace netsim::testing
