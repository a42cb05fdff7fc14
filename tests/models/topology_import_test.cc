// Topologies imported from GraphML and Graphviz DOT files: a real-world-shaped backbone (Abilene)
// routed by delay, rerouting after a link failure, and a DOT diamond with per-edge attributes.
#include "models/scenario/topology_import.h"

#include <gtest/gtest.h>

#include <fstream>

#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_loader.h"
#include "models/scenario/scenario_run.h"

namespace netsim::scenario {
namespace {

const std::string kTopologies = std::string(NETSIM_SOURCE_DIR) + "/scenarios/topologies/";

// Hosts on Seattle and New York, one 100-byte message every 100 ms; optionally the
// Indianapolis–Chicago link fails at 1 s.
std::string abilene_scenario(bool with_failure) {
  std::string s = R"(
name: abilene
duration: 2s
topology:
  file: )" + kTopologies +
                  R"(abilene.graphml
nodes:
  sea: {}
  nyc: {}
links:
  sea-access: {between: [sea, Seattle], rate: 10Gbps}
  nyc-access: {between: [nyc, NewYork], rate: 10Gbps}
routing: {metric: delay}
traffic:
  probe: {from: sea, to: nyc, size: 100B, interval: 100ms, stop: 1900ms}
)";
  if (with_failure) s += "faults:\n  - {at: 1s, link: Indianapolis--Chicago, action: down}\n";
  return s;
}

TEST(TopologyImport, GraphmlBackboneLoadsWithItsAttributes) {
  const ScenarioConfig c = load_scenario_text(abilene_scenario(false), "abilene.yaml");
  ASSERT_EQ(c.nodes.size(), 13u);  // 11 imported routers + 2 hosts
  EXPECT_EQ(c.nodes[0].name, "Seattle");
  EXPECT_EQ(c.nodes[0].kind, net::NodeKind::Router);
  ASSERT_EQ(c.links.size(), 16u);
  EXPECT_EQ(c.links[1].name, "Seattle--Denver");
  EXPECT_EQ(c.links[1].a_to_b.delay, sim::us(8200));
  EXPECT_EQ(c.links[1].a_to_b.rate, sim::DataRate::gbps(10));
}

// Shortest delay path Seattle → New York: Denver, Kansas City, Indianapolis, Chicago (23.4 ms
// of propagation, 7 transmissions of 128 bytes at 10 Gbit/s = 103 ns each). With Indianapolis–
// Chicago down, via Atlanta and Washington (25.8 ms, 8 transmissions).
TEST(TopologyImport, BackboneRoutesByDelayAndReroutesAroundAFailure) {
  const ScenarioConfig c = load_scenario_text(abilene_scenario(true), "abilene.yaml");
  ScenarioRun run(c);
  run.run();
  const auto& messages = run.logs()[0]->messages();
  ASSERT_EQ(messages.size(), 19u);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    ASSERT_EQ(messages[i].fate, apps::MessageFate::Delivered) << i;
    const std::int64_t latency = (messages[i].received - messages[i].sent).ns();
    if (messages[i].sent < sim::Time::zero() + sim::sec(1)) {
      EXPECT_EQ(latency, 23'400'000 + 7 * 103) << i;
    } else {
      EXPECT_EQ(latency, 25'800'000 + 8 * 103) << i;
    }
  }
}

TEST(TopologyImport, DotFileWithKindsAndEdgeAttributes) {
  const std::string s = R"(
name: diamond
duration: 1s
topology:
  file: )" + kTopologies +
                        R"(diamond.dot
nodes: {h1: {}, h2: {}}
links:
  a1: {between: [h1, left], rate: 1Gbps}
  a2: {between: [right, h2], rate: 1Gbps}
routing: {metric: delay}
traffic:
  f: {from: h1, to: h2, size: 10B, interval: 100ms}
)";
  const ScenarioConfig c = load_scenario_text(s, "diamond.yaml");
  ASSERT_EQ(c.nodes.size(), 6u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(c.nodes[i].kind, net::NodeKind::Router);
  const LinkConfig* fast2 = nullptr;
  for (const auto& l : c.links) {
    if (l.name == "fast2") fast2 = &l;
  }
  ASSERT_NE(fast2, nullptr);
  EXPECT_EQ(fast2->a_to_b.loss.model, net::LossConfig::Model::GilbertElliott);
  EXPECT_DOUBLE_EQ(fast2->a_to_b.loss.p, 0.01);
  EXPECT_DOUBLE_EQ(fast2->a_to_b.loss.r, 0.30);
  ScenarioRun run(c);
  net::Network& n = run.network();
  // By delay the fast path (via `down`) wins over the 40 ms one.
  net::NodeId left = 0, down = 0, h2 = 0;
  for (net::NodeId i = 0; i < n.node_count(); ++i) {
    if (n.node(i).name() == "left") left = i;
    if (n.node(i).name() == "down") down = i;
    if (n.node(i).name() == "h2") h2 = i;
  }
  ASSERT_NE(n.node(left).route(h2), nullptr);
  EXPECT_EQ(n.node(left).route(h2)->to(), down);
}

TEST(TopologyImport, ErrorsNameTheFileAndTheElement) {
  const auto error_of = [](const std::string& text) {
    try {
      load_scenario_text(text, "t.yaml");
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(
      error_of("name: t\nduration: 1s\ntopology: {file: /nonexistent.graphml}\ntraffic: {}\n"),
      "t.yaml:3:18: topology.file: cannot read the topology file '/nonexistent.graphml'");
  const std::string bad_dot = std::string(NETSIM_BINARY_DIR) + "/bad.dot";
  {
    std::ofstream out(bad_dot);
    out << "graph g { a -- b [rate=\"10Mbs\"]; }\n";
  }
  EXPECT_EQ(error_of("name: t\nduration: 1s\ntopology: {file: " + bad_dot + "}\ntraffic: {}\n"),
            bad_dot +
                ": edge a--b.rate: expected a bit rate such as '10Mbps' (units: bps, kbps, Mbps, "
                "Gbps, Tbps), got '10Mbs'");
  {
    std::ofstream out(bad_dot);
    out << "graph g { a -- b; }\n";
  }
  EXPECT_EQ(error_of("name: t\nduration: 1s\ntopology: {file: " + bad_dot + "}\ntraffic: {}\n"),
            bad_dot +
                ": edge a--b.rate: missing: give the edge a rate attribute or set "
                "topology.link_defaults.rate");
}

}  // namespace
}  // namespace netsim::scenario
