// A run in slices (for progress and Ctrl-C) is the same run as in one go, and replications
// draw from their own random streams.
#include "models/scenario/scenario_run.h"

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"

namespace netsim::scenario {
namespace {

// Every message's send time, arrival and fate, flow by flow.
std::vector<std::tuple<std::int64_t, std::int64_t, int>> trace(const ScenarioRun& run) {
  std::vector<std::tuple<std::int64_t, std::int64_t, int>> out;
  for (const auto& log : run.logs()) {
    for (const auto& m : log->messages()) {
      out.emplace_back(m.sent.ns(), m.received.ns(), static_cast<int>(m.fate));
    }
  }
  return out;
}

const std::string kScenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/tcp-handshake-loss.yaml";

TEST(ScenarioRun, SlicedRunIsTheSameRun) {
  const ScenarioConfig config = load_scenario_file(kScenario);
  ScenarioRun whole(config);
  ASSERT_TRUE(whole.run());
  ScenarioRun sliced(config);
  RunProgress progress;
  ASSERT_TRUE(sliced.run(&progress));
  EXPECT_EQ(progress.simulated_ns.load(), config.duration.ns());
  EXPECT_EQ(progress.events.load(), whole.simulator().events_executed());
  EXPECT_EQ(sliced.simulator().events_executed(), whole.simulator().events_executed());
  const auto expected = trace(whole);
  EXPECT_GT(expected.size(), 1000U);
  EXPECT_EQ(trace(sliced), expected);
}

TEST(ScenarioRun, CancelStopsAtASliceBoundary) {
  const ScenarioConfig config = load_scenario_file(kScenario);
  ScenarioRun run(config);
  std::atomic<bool> cancel{true};
  RunProgress progress;
  progress.cancel = &cancel;
  EXPECT_FALSE(run.run(&progress));
  EXPECT_EQ(run.simulated(), sim::Duration::zero());
}

TEST(ScenarioRun, ReplicationsDrawOtherNumbers) {
  const ScenarioConfig config = load_scenario_file(kScenario);
  ScenarioRun first(config, 0);
  ScenarioRun second(config, 1);
  first.run();
  second.run();
  EXPECT_NE(trace(first), trace(second));
  ScenarioRun again(config, 1);
  again.run();
  EXPECT_EQ(trace(again), trace(second));
}

}  // namespace
}  // namespace netsim::scenario
