// Sweeps: grid and zip expansion, ranges, and errors found before anything runs.
#include "models/scenario/study.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace netsim::scenario {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScenario =
    "name: s\n"
    "duration: 1s\n"
    "nodes: {a: {}, b: {}}\n"
    "links:\n"
    "  l1: {between: [a, b], rate: 10Mbps, delay: 5ms}\n"
    "traffic:\n"
    "  t: {from: a, to: b, size: 100B, interval: 10ms}\n";

class StudyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netsim-study-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& text) {
    const fs::path path = dir_ / "s.yaml";
    std::ofstream(path) << kScenario << text;
    return path.string();
  }
  std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
    try {
      std::vector<Override> overrides;
      for (const auto& s : sets) overrides.push_back(parse_override(s));
      load_study(write(text), overrides);
    } catch (const ScenarioError& e) {
      const std::string what = e.what();
      const std::string prefix = (dir_ / "s.yaml").string();
      return what.starts_with(prefix) ? "s.yaml" + what.substr(prefix.size()) : what;
    }
    return "no error";
  }
  fs::path dir_;
};

TEST_F(StudyTest, WithoutASweepAStudyIsOnePoint) {
  const Study study = load_study(write("replications: 7\n"), {});
  EXPECT_TRUE(study.keys.empty());
  ASSERT_EQ(study.points.size(), 1U);
  EXPECT_EQ(study.replications, 7U);
  EXPECT_FALSE(study.is_single_run());
  EXPECT_TRUE(load_study(write(""), {}).is_single_run());
}

TEST_F(StudyTest, GridIsEveryCombinationFirstKeySlowest) {
  const Study study = load_study(write("sweep:\n"
                                       "  grid:\n"
                                       "    links.l1.loss: [0, 1%, 5%]\n"
                                       "    traffic.t.transport: [udp, tcp]\n"),
                                 {});
  ASSERT_EQ(study.keys, (std::vector<std::string>{"links.l1.loss", "traffic.t.transport"}));
  ASSERT_EQ(study.points.size(), 6U);
  const std::vector<std::vector<std::string>> expected{{"0", "udp"},  {"0", "tcp"},  {"1%", "udp"},
                                                       {"1%", "tcp"}, {"5%", "udp"}, {"5%", "tcp"}};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(study.points[i].values, expected[i]) << i;
  // Each point's configuration carries its values.
  EXPECT_NEAR(study.points[3].config.links[0].a_to_b.loss.probability, 0.01, 1e-9);
  EXPECT_EQ(study.points[3].config.traffic[0].transport, Transport::Tcp);
  EXPECT_EQ(study.points[4].config.traffic[0].transport, Transport::Udp);
  EXPECT_NEAR(study.points[4].config.links[0].a_to_b.loss.probability, 0.05, 1e-9);
}

TEST_F(StudyTest, ZippedKeysVaryTogetherAndCrossTheGrid) {
  const Study study = load_study(write("sweep:\n"
                                       "  grid: {traffic.t.transport: [udp, tcp]}\n"
                                       "  zip:\n"
                                       "    links.l1.delay: [5ms, 50ms, 500ms]\n"
                                       "    links.l1.rate: [100Mbps, 10Mbps, 1Mbps]\n"),
                                 {});
  ASSERT_EQ(study.points.size(), 6U);
  EXPECT_EQ(study.points[0].values, (std::vector<std::string>{"udp", "5ms", "100Mbps"}));
  EXPECT_EQ(study.points[2].values, (std::vector<std::string>{"udp", "500ms", "1Mbps"}));
  EXPECT_EQ(study.points[4].values, (std::vector<std::string>{"tcp", "50ms", "10Mbps"}));
  EXPECT_EQ(study.points[4].config.links[0].a_to_b.delay, sim::ms(50));
  EXPECT_EQ(study.points[4].config.links[0].a_to_b.rate, sim::DataRate::mbps(10));
}

// The documented `--set 'sweep.grid.links.uplink.loss=[0, 1%]'`: what follows sweep.grid. (or
// sweep.zip.) is one key, a path into the scenario, not maps nested under the grid.
TEST_F(StudyTest, SetAddsSweepKeysThatAreThemselvesPaths) {
  const Study study =
      load_study(write(""), {parse_override("sweep.grid.links.l1.delay=[5ms, 50ms]"),
                             parse_override("sweep.zip.traffic.t.size=[100B, 200B]")});
  ASSERT_EQ(study.keys, (std::vector<std::string>{"links.l1.delay", "traffic.t.size"}));
  ASSERT_EQ(study.points.size(), 4U);
  EXPECT_EQ(study.points[3].config.links[0].a_to_b.delay, sim::ms(50));
  EXPECT_EQ(study.points[3].config.links[0].a_to_b.rate, sim::DataRate::mbps(10));  // kept
  EXPECT_EQ(study.points[3].config.traffic[0].stream.size, sim::Bytes(200));
}

TEST_F(StudyTest, RangesIncludeBothEndsAndKeepTheUnit) {
  const Study study = load_study(write("sweep:\n"
                                       "  grid:\n"
                                       "    links.l1.loss: {from: 0, to: 0.3%, step: 0.1%}\n"
                                       "    links.l1.delay: {from: 10ms, to: 30ms, step: 10ms}\n"),
                                 {});
  ASSERT_EQ(study.points.size(), 12U);
  std::vector<std::string> losses;
  for (std::size_t i = 0; i < 12; i += 3) losses.push_back(study.points[i].values[0]);
  // 0.1 + 0.2 is 0.30000000000000004 in binary; the value written is 0.3%.
  EXPECT_EQ(losses, (std::vector<std::string>{"0%", "0.1%", "0.2%", "0.3%"}));
  EXPECT_EQ(study.points[2].values[1], "30ms");
  EXPECT_NEAR(study.points[11].config.links[0].a_to_b.loss.probability, 0.003, 1e-9);
}

TEST_F(StudyTest, SweepMistakesAreReportedWhereTheyAreBeforeAnythingRuns) {
  EXPECT_EQ(error_of("sweep: {grid: {links.l1.loss: [0, 1%, 2x]}}\n"),
            "s.yaml:8:39: links.l1.loss: expected a percentage such as '1%', got '2x'");
  EXPECT_EQ(error_of("sweep: {zip: {links.l1.loss: [0, 1%], links.l1.delay: [1ms]}}\n"),
            "s.yaml:8:39: sweep.zip.links.l1.delay: zipped keys need lists of the same length "
            "(1 here, 2 for links.l1.loss)");
  EXPECT_EQ(error_of("sweep: {grid: {links.l1.delay: {from: 1ms, to: 5ms, step: 0}}}\n"),
            "s.yaml:8:59: sweep.grid.links.l1.delay.step: the step must be greater than 0");
  EXPECT_EQ(error_of("sweep: {grid: {links.l1.delay: {from: 1ms, to: 2%, step: 1ms}}}\n"),
            "s.yaml:8:32: sweep.grid.links.l1.delay: from, to and step need the same unit (got "
            "'ms', '%', 'ms')");
  EXPECT_EQ(error_of("sweep: {grid: {replications: [1, 2]}}\n"),
            "s.yaml:8:16: sweep.grid.replications: 'replications' cannot be swept");
  EXPECT_EQ(error_of("sweep: {grids: {seed: [1, 2]}}\n"),
            "s.yaml:8:9: sweep.grids: unknown key (did you mean 'grid'?); allowed here: grid, zip");
  EXPECT_EQ(error_of("sweep: {grid: {seed: [1, 2]}}\n", {"seed=3"}),
            "s.yaml:8:16: sweep.grid.seed: also set with --set seed; drop one (the sweep would "
            "override it at every point)");
  EXPECT_EQ(error_of("sweep: {}\n"), "s.yaml:8:8: sweep: a sweep needs keys under grid or zip");
}

TEST(FlowText, WritesListsAndMapsInFlowStyle) {
  const DocPtr d = parse_document("{model: gemodel, p: 1%, list: [a, b]}", "x");
  EXPECT_EQ(flow_text(d), "{model: gemodel, p: 1%, list: [a, b]}");
}

}  // namespace
}  // namespace netsim::scenario
