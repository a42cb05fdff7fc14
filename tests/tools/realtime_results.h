// Running a scenario and reading its realtime reports in tests: the timeline's rows and their
// times.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/tools/csv_reader.h"
#include "tools/netsim/commands.h"

namespace netsim::testing {

using Row = std::map<std::string, std::string>;

// `netsim run scenario -o dir`, quietly unless `stdout_text` takes what it prints; returns dir.
inline std::filesystem::path run_scenario(const std::filesystem::path& dir,
                                          const std::string& scenario,
                                          std::string* stdout_text = nullptr) {
  cli::RunOptions options;
  options.scenario = scenario;
  options.output = dir.string();
  options.quiet = stdout_text == nullptr;
  std::ostringstream out, err;
  EXPECT_EQ(cli::run_command(options, out, err), cli::kExitOk) << err.str();
  if (stdout_text != nullptr) *stdout_text = out.str();
  return dir;
}

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
