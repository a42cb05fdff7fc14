// The netsim program itself: exit statuses, messages, and nothing written on a bad scenario.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/tools/csv_reader.h"
#include "tests/tools/netsim_process.h"

namespace netsim {
namespace {

namespace fs = std::filesystem;

using Result = testing::ProcessResult;

Result netsim(const std::string& args) { return testing::run_netsim(args); }

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netsim-cli-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream((dir_ / name).string()) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(CliTest, BadScenarioExitsWith2AndWritesNothing) {
  const std::string scenario = write("bad.yaml",
                                     "name: bad\nduration: 1s\nnodes: {a: , b: }\n"
                                     "links: {l: {between: [a, b], rate: 10Mbs}}\ntraffic: {}\n");
  const fs::path out = dir_ / "out";
  const Result r = netsim("run " + scenario + " -o " + out.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, scenario +
                       ":4:36: links.l.rate: expected a bit rate such as '10Mbps' (units: bps, "
                       "kbps, Mbps, Gbps, Tbps), got '10Mbs'\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(out));
  // Nothing else appeared either (no staging folder left behind).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(CliTest, ValidateChecksWithoutRunning) {
  const Result ok =
      netsim("validate " + std::string(NETSIM_SOURCE_DIR) + "/scenarios/quickstart.yaml");
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("ok (2 nodes, 1 links, 3 flows, 10s simulated)"), std::string::npos)
      << ok.out;
  const Result missing = netsim("validate " + (dir_ / "nope.yaml").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nope.yaml: cannot read the scenario file"), std::string::npos);
}

TEST_F(CliTest, RunPrintsATableAndWritesResults) {
  const fs::path out = dir_ / "q";
  const Result r = netsim("run " + std::string(NETSIM_SOURCE_DIR) +
                          "/scenarios/quickstart.yaml -o " + out.string() + " --seed 3");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("quickstart: 10s simulated (seed 3)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("telemetry"), std::string::npos);
  EXPECT_NE(r.out.find("p99 ms"), std::string::npos);
  for (const char* f : {"summary.csv", "messages.csv", "run.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
}

TEST_F(CliTest, UsageErrorsExitWith2) {
  EXPECT_EQ(netsim("").status, 2);
  EXPECT_EQ(netsim("run").status, 2);
  EXPECT_EQ(netsim("frobnicate x").status, 2);
  EXPECT_EQ(netsim("run x.yaml --seed minus-one").status, 2);
}

TEST_F(CliTest, HelpAndVersion) {
  const Result v = netsim("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("netsim ", 0), 0u);
  const Result h = netsim("run --help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("--seed"), std::string::npos);
  EXPECT_NE(h.out.find("Examples:\n  netsim run"), std::string::npos);
  for (const char* option : {"--set", "--jobs", "--quiet", "--pcap", "--output"}) {
    EXPECT_NE(h.out.find(option), std::string::npos) << option;
  }
  const Result top = netsim("--help");
  EXPECT_EQ(top.status, 0);
  EXPECT_NE(top.out.find("Example: netsim run"), std::string::npos);
}

}  // namespace
}  // namespace netsim
