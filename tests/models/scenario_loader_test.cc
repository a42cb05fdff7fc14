#include "models/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "models/scenario/scenario_error.h"
#include "models/scenario/study.h"
#include "models/scenario/tcp_reader.h"

namespace netsim::scenario {
namespace {

namespace fs = std::filesystem;

TEST(ScenarioLoader, ReadsEveryKeyWithItsUnits) {
  const ScenarioConfig c = load_scenario_text(R"(
name: full
description: every key
seed: 18446744073709551615
duration: 2min
nodes:
  a:
  b: {}
links:
  ab:
    between: [a, b]
    rate: 100Mbps
    delay: 2.5ms
    queue: 64KB
    loss: 0.5%
    reverse:
      rate: 5Mbps
      loss: 2%
      queue: 10 packets
traffic:
  up:
    app: message_stream
    transport: udp
    from: a
    to: b
    port: 443
    size: 1.2KB
    interval: 250us
    arrival: poisson
    start: 1s
    stop: 90s
  down:
    from: b
    to: a
    size: 64B
    interval: 1s
)",
                                              "full.yaml");
  EXPECT_EQ(c.name, "full");
  EXPECT_EQ(c.description, "every key");
  EXPECT_EQ(c.seed, 18446744073709551615ULL);
  EXPECT_EQ(c.duration, sim::sec(120));
  ASSERT_EQ(c.nodes.size(), 2u);
  EXPECT_EQ(c.nodes[0].name, "a");
  EXPECT_EQ(c.nodes[1].name, "b");

  ASSERT_EQ(c.links.size(), 1u);
  const LinkConfig& l = c.links[0];
  EXPECT_EQ(l.a, "a");
  EXPECT_EQ(l.b, "b");
  EXPECT_EQ(l.a_to_b.rate, sim::DataRate::mbps(100));
  EXPECT_EQ(l.a_to_b.delay, sim::us(2500));
  EXPECT_EQ(l.a_to_b.queue.limit.unit, net::QueueLimit::Unit::Bytes);
  EXPECT_EQ(l.a_to_b.queue.limit.value, 64'000);
  EXPECT_DOUBLE_EQ(l.a_to_b.loss.probability, 0.005);
  // The reverse direction overrides rate, loss and queue, and inherits the delay.
  EXPECT_EQ(l.b_to_a.rate, sim::DataRate::mbps(5));
  EXPECT_EQ(l.b_to_a.delay, sim::us(2500));
  EXPECT_DOUBLE_EQ(l.b_to_a.loss.probability, 0.02);
  EXPECT_EQ(l.b_to_a.queue.limit.unit, net::QueueLimit::Unit::Packets);
  EXPECT_EQ(l.b_to_a.queue.limit.value, 10);

  ASSERT_EQ(c.traffic.size(), 2u);
  const TrafficConfig& up = c.traffic[0];
  EXPECT_EQ(up.name, "up");
  EXPECT_EQ(up.from, "a");
  EXPECT_EQ(up.to, "b");
  EXPECT_EQ(up.port, 443);
  EXPECT_EQ(up.stream.size, sim::Bytes(1200));
  EXPECT_EQ(up.stream.interval, sim::us(250));
  EXPECT_EQ(up.stream.arrival, apps::Arrival::Poisson);
  EXPECT_EQ(up.stream.start, sim::Time::zero() + sim::sec(1));
  EXPECT_EQ(up.stream.stop, sim::Time::zero() + sim::sec(90));
}

TEST(ScenarioLoader, Defaults) {
  const ScenarioConfig c = load_scenario_text(R"(
name: d
duration: 1s
nodes: {a: , b: }
links:
  l: {between: [a, b], rate: 1Gbps}
traffic:
  f1: {from: a, to: b, size: 10B, interval: 1ms}
  f2: {from: b, to: a, size: 10B, interval: 1ms}
)",
                                              "d.yaml");
  EXPECT_EQ(c.seed, 1u);
  const net::ChannelConfig& ch = c.links[0].a_to_b;
  EXPECT_EQ(ch.delay, sim::Duration::zero());
  EXPECT_EQ(ch.queue.limit.unit, net::QueueLimit::Unit::Packets);
  EXPECT_EQ(ch.queue.limit.value, 100);
  EXPECT_EQ(ch.loss.model, net::LossConfig::Model::None);
  EXPECT_EQ(c.links[0].b_to_a.rate, sim::DataRate::gbps(1));
  EXPECT_EQ(c.traffic[0].port, 40000);  // 40000 + position in the file
  EXPECT_EQ(c.traffic[1].port, 40001);
  EXPECT_EQ(c.traffic[0].stream.arrival, apps::Arrival::Fixed);
  EXPECT_EQ(c.traffic[0].stream.start, sim::Time::zero());
  EXPECT_EQ(c.traffic[0].stream.stop, sim::Time::zero() + sim::sec(1));
}

// Every key the `tcp` map accepts changes the configuration (none is accepted and then ignored),
// and the presets differ from each other.
TEST(ScenarioLoader, EveryTcpKeyTakesEffect) {
  const std::map<std::string, std::string> values{{"mss", "1000B"},
                                                  {"window_scaling", "false"},
                                                  {"timestamps", "true"},
                                                  {"sack", "true"},
                                                  {"send_buffer", "1MB"},
                                                  {"receive_buffer", "1MB"},
                                                  {"initial_rto", "2s"},
                                                  {"syn_rto", "3s"},
                                                  {"min_rto", "200ms"},
                                                  {"max_rto", "30s"},
                                                  {"clock_granularity", "10ms"},
                                                  {"syn_retries", "2"},
                                                  {"data_retries", "3"},
                                                  {"congestion", "cubic"},
                                                  {"initial_window", "4"},
                                                  {"dupack_threshold", "5"},
                                                  {"limited_transmit", "false"},
                                                  {"grow_cwnd_when_rate_limited", "true"},
                                                  {"ssthresh_from_pipe", "true"},
                                                  {"recover_inclusive", "true"},
                                                  {"delayed_ack", "false"},
                                                  {"delayed_ack_count", "3"},
                                                  {"delayed_ack_timeout", "40ms"},
                                                  {"nagle", "false"},
                                                  {"msl", "30s"},
                                                  {"time_wait", "60s"},
                                                  {"preset", "linux"}};
  const tcp::TcpConfig defaults = *tcp::tcp_preset("rfc");
  for (const auto& key : tcp_keys()) {
    ASSERT_EQ(values.count(key), 1u) << "no test value for tcp." << key;
    const std::string text =
        "name: t\nduration: 1s\nnodes: {a: {}, b: {}}\nlinks: {l: {between: [a, b], rate: 1Mbps}}\n"
        "traffic: {f: {transport: tcp, from: a, to: b, size: 1B, interval: 1s, tcp: {" +
        key + ": " + values.at(key) + "}}}\n";
    const ScenarioConfig c = load_scenario_text(text, "t.yaml");
    EXPECT_NE(c.traffic.at(0).tcp, defaults) << key;
  }
  EXPECT_NE(*tcp::tcp_preset("linux"), *tcp::tcp_preset("ns3"));
}

TEST(ScenarioLoader, EveryBundledScenarioValidates) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(NETSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    try {
      load_scenario_file(entry.path().string());
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << e.what();
    }
  }
  EXPECT_GE(count, 1);
}

// docs/scenarios.md promises that each ```yaml block is a complete, valid scenario, sweep
// points included. Blocks are loaded as files in a folder next to a link to scenarios/, so an
// example may say `extends: ../scenarios/quickstart.yaml`.
TEST(ScenarioLoader, EveryExampleInTheDocumentationLoads) {
  const fs::path root =
      fs::temp_directory_path() / ("netsim-doc-examples-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "docs");
  fs::create_directory_symlink(fs::path(NETSIM_SOURCE_DIR) / "scenarios", root / "scenarios");
  std::ifstream in(std::string(NETSIM_SOURCE_DIR) + "/docs/scenarios.md");
  ASSERT_TRUE(in);
  std::string line;
  std::string block;
  bool inside = false;
  int examples = 0;
  int line_number = 0;
  int block_start = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!inside && line == "```yaml") {
      inside = true;
      block.clear();
      block_start = line_number;
    } else if (inside && line == "```") {
      inside = false;
      ++examples;
      const fs::path file = root / "docs" / ("example-" + std::to_string(block_start) + ".yaml");
      std::ofstream(file) << block;
      try {
        const Study study = load_study(file.string(), {});
        EXPECT_FALSE(study.points.empty());
      } catch (const ScenarioError& e) {
        ADD_FAILURE() << "docs/scenarios.md, example at line " << block_start << ": " << e.what();
      }
    } else if (inside) {
      block += line + "\n";
    }
  }
  EXPECT_FALSE(inside) << "unterminated code block";
  EXPECT_GE(examples, 2);
  fs::remove_all(root);
}

}  // namespace
}  // namespace netsim::scenario
