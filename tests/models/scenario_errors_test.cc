// Every kind of scenario mistake is reported as FILE:LINE:COLUMN: key.path: message.
#include <gtest/gtest.h>

#include <string>

#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_loader.h"

namespace netsim::scenario {
namespace {

// Line numbers below refer to this text.
const std::string kValid = R"(name: t
duration: 1s
nodes:
  client: {}
  server: {}
links:
  wire:
    between: [client, server]
    rate: 10Mbps
traffic:
  chat:
    from: client
    to: server
    size: 100B
    interval: 10ms
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

// The error message for a scenario text, or "" if it loads.
std::string error_of(const std::string& text) {
  try {
    load_scenario_text(text, "s.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(ScenarioErrors, ValidBaseLoads) { EXPECT_EQ(error_of(kValid), ""); }

TEST(ScenarioErrors, MalformedYamlPointsAtTheSyntaxError) {
  const std::string e = error_of("name: t\nnodes:\n  client: {a: 1\n");
  EXPECT_EQ(e.rfind("s.yaml:4:1: invalid YAML: ", 0), 0u) << e;
  const std::string tab = error_of("name: t\nnodes: [a, b\nlinks: {}\n");
  EXPECT_EQ(tab.rfind("s.yaml:3:", 0), 0u) << tab;
}

TEST(ScenarioErrors, UnknownKeySuggestsTheNearestOne) {
  EXPECT_EQ(
      error_of(replace(kValid, "duration: 1s", "duraton: 1s")),
      "s.yaml:2:1: duraton: unknown key (did you mean 'duration'?); allowed here: name, "
      "description, seed, replications, duration, nodes, topology, links, routing, faults, tcp, "
      "traffic, realtime, reports, compare");
  EXPECT_EQ(error_of(replace(kValid, "    rate: 10Mbps", "    rate: 10Mbps\n    dealy: 5ms")),
            "s.yaml:10:5: links.wire.dealy: unknown key (did you mean 'delay'?); allowed here: "
            "between, forward, reverse, rate, delay, jitter, jitter_correlation, distribution, "
            "loss, duplicate, reorder, corrupt, mtu, framing, cost, queue");
  EXPECT_EQ(
      error_of(replace(kValid, "  client: {}", "  client: {kind: switch}")),
      "s.yaml:4:18: nodes.client.kind: unknown value 'switch'; expected one of: host, router");
  EXPECT_EQ(
      error_of(replace(kValid, "  client: {}", "  client: {knd: router}")),
      "s.yaml:4:12: nodes.client.knd: unknown key (did you mean 'kind'?); allowed here: kind");
}

TEST(ScenarioErrors, MissingKeyPointsAtItsMap) {
  EXPECT_EQ(error_of(replace(kValid, "duration: 1s\n", "")),
            "s.yaml:1:1: duration: missing required key");
  EXPECT_EQ(
      error_of(replace(kValid, "    rate: 10Mbps\n", "")),
      "s.yaml:8:5: links.wire.rate: missing required key (the forward direction has no rate)");
  EXPECT_EQ(error_of(replace(kValid, "    size: 100B\n", "")),
            "s.yaml:12:5: traffic.chat.size: missing required key");
}

TEST(ScenarioErrors, BadUnits) {
  EXPECT_EQ(error_of(replace(kValid, "rate: 10Mbps", "rate: 10Mbs")),
            "s.yaml:9:11: links.wire.rate: expected a bit rate such as '10Mbps' (units: bps, kbps, "
            "Mbps, Gbps, Tbps), got '10Mbs'");
  EXPECT_EQ(error_of(replace(kValid, "interval: 10ms", "interval: 10")),
            "s.yaml:15:15: traffic.chat.interval: missing unit: expected a duration such as '20ms' "
            "(units: ns, us, ms, s, min, h), got '10'");
  EXPECT_EQ(
      error_of(replace(kValid, "    rate: 10Mbps", "    rate: 10Mbps\n    loss: 0.01")),
      "s.yaml:10:11: links.wire.loss: missing '%': expected a percentage such as '1%', got '0.01'");
  EXPECT_EQ(
      error_of(replace(kValid, "size: 100B", "size: 100 bytes")),
      "s.yaml:14:11: traffic.chat.size: expected a size such as '1500B' (units: B, KB, MB, GB, "
      "KiB, MiB, GiB), got '100 bytes'");
}

TEST(ScenarioErrors, NegativeOrZeroValues) {
  EXPECT_EQ(error_of(replace(kValid, "rate: 10Mbps", "rate: 0Mbps")),
            "s.yaml:9:11: links.wire.rate: a rate must be positive, got '0Mbps'");
  EXPECT_EQ(error_of(replace(kValid, "rate: 10Mbps", "rate: -10Mbps")),
            "s.yaml:9:11: links.wire.rate: a rate must be positive, got '-10Mbps'");
  EXPECT_EQ(error_of(replace(kValid, "    rate: 10Mbps", "    rate: 10Mbps\n    delay: -5ms")),
            "s.yaml:10:12: links.wire.delay: a duration cannot be negative, got '-5ms'");
  EXPECT_EQ(error_of(replace(kValid, "interval: 10ms", "interval: 0ms")),
            "s.yaml:15:15: traffic.chat.interval: the interval must be longer than 0s");
  EXPECT_EQ(error_of(replace(kValid, "duration: 1s", "duration: 0s")),
            "s.yaml:2:11: duration: the run must last longer than 0s");
}

TEST(ScenarioErrors, UnknownNodes) {
  EXPECT_EQ(error_of(replace(kValid, "to: server", "to: sever")),
            "s.yaml:13:9: traffic.chat.to: unknown node 'sever' (did you mean 'server'?)");
  EXPECT_EQ(error_of(replace(kValid, "[client, server]", "[client, srv]")),
            "s.yaml:8:23: links.wire.between[1]: unknown node 'srv'");
}

TEST(ScenarioErrors, WrongShapes) {
  EXPECT_EQ(
      error_of(replace(kValid, "nodes:\n  client: {}\n  server: {}", "nodes: [client, server]")),
      "s.yaml:3:8: nodes: expected a map of keys");
  EXPECT_EQ(
      error_of(replace(kValid, "[client, server]", "[client]")),
      "s.yaml:8:14: links.wire.between: a link joins exactly two nodes, e.g. [client, server]");
  EXPECT_EQ(error_of(replace(kValid, "[client, server]", "[client, client]")),
            "s.yaml:8:23: links.wire.between[1]: a link joins two different nodes");
  EXPECT_EQ(error_of(replace(kValid, "name: t", "name: [t]")),
            "s.yaml:1:7: name: expected a single value, not a list or map");
  EXPECT_EQ(error_of(replace(kValid, "name: t", "name: ../t")),
            "s.yaml:1:7: name: '../t' is not a valid name (use letters, digits, '_', '-' and '.', "
            "not starting with '.')");
  EXPECT_EQ(error_of("just text\n"), "s.yaml:1:1: expected a map of keys");
}

TEST(ScenarioErrors, DuplicateKeys) {
  EXPECT_EQ(error_of(replace(kValid, "    size: 100B", "    size: 100B\n    size: 200B")),
            "s.yaml:15:5: traffic.chat.size: duplicate key (first defined at line 14)");
}

TEST(ScenarioErrors, InconsistentTraffic) {
  EXPECT_EQ(error_of(replace(kValid, "    interval: 10ms", "    interval: 10ms\n    stop: 2s")),
            "s.yaml:16:11: traffic.chat.stop: stop (2s) is after the end of the run (1s)");
  EXPECT_EQ(error_of(replace(kValid, "    interval: 10ms", "    interval: 10ms\n    start: 1s")),
            "s.yaml:16:12: traffic.chat.start: start (1s) must be before stop (1s)");
  EXPECT_EQ(error_of(replace(kValid, "size: 100B", "size: 65508B")),
            "s.yaml:14:11: traffic.chat.size: a UDP message carries at most 65507 bytes (65535 "
            "minus the IPv4 and UDP headers)");
  EXPECT_EQ(
      error_of(replace(kValid, "    interval: 10ms", "    interval: 10ms\n    arrival: poison")),
      "s.yaml:16:14: traffic.chat.arrival: unknown value 'poison' (did you mean 'poisson'?); "
      "expected one of: fixed, poisson");
  EXPECT_EQ(
      error_of(replace(kValid, "    interval: 10ms", "    interval: 10ms\n    transport: quic")),
      "s.yaml:16:16: traffic.chat.transport: unknown value 'quic'; expected one of: udp, tcp");
  EXPECT_EQ(error_of(replace(kValid, "    to: server", "    to: client")),
            "s.yaml:13:9: traffic.chat.to: a flow goes to a different node than it comes from");
}

TEST(ScenarioErrors, PortClash) {
  const std::string two_flows = kValid +
                                "  echo:\n    from: client\n    to: server\n    port: 9000\n"
                                "    size: 1B\n    interval: 1s\n";
  const std::string clash = replace(two_flows, "    size: 100B", "    port: 9000\n    size: 100B");
  EXPECT_EQ(
      error_of(clash),
      "s.yaml:20:11: traffic.echo.port: port 9000 on 'server' is already used by flow 'chat'");
}

TEST(ScenarioErrors, NodesThatNoLinkJoins) {
  const std::string three = replace(kValid, "  server: {}", "  server: {}\n  island: {}");
  EXPECT_EQ(error_of(replace(three, "to: server", "to: island")),
            "s.yaml:14:9: traffic.chat.to: 'island' cannot be reached from 'client' (hosts do not "
            "forward; connect them through routers)");
}

// Link keys with netem's rules (iproute2 refuses the same combinations).
TEST(ScenarioErrors, ImpairmentKeys) {
  const auto with = [](const std::string& lines) {
    return replace(kValid, "    rate: 10Mbps", "    rate: 10Mbps\n" + lines);
  };
  EXPECT_EQ(error_of(with("    loss: {model: markov, p: 1%}")),
            "s.yaml:10:19: links.wire.loss.model: unknown value 'markov'; expected one of: random, "
            "gemodel, state");
  EXPECT_EQ(error_of(with("    loss: {model: gemodel, p13: 1%}")),
            "s.yaml:10:28: links.wire.loss.p13: unknown key; allowed here: model, p, r, 1-h, 1-k");
  EXPECT_EQ(error_of(with("    loss: {model: state, p13: 60%, p14: 50%}")),
            "s.yaml:10:11: links.wire.loss: p13 + p14 must not exceed 100% (they leave state 1)");
  EXPECT_EQ(error_of(with("    reorder: 25%")),
            "s.yaml:8:5: links.wire: reordering needs a delay (reordered packets are the ones sent "
            "without it)");
  EXPECT_EQ(error_of(with("    delay: 5ms\n    distribution: pareto")),
            "s.yaml:8:5: links.wire: a delay distribution needs both a delay and a jitter");
  EXPECT_EQ(error_of(with("    mtu: 40B")),
            "s.yaml:10:10: links.wire.mtu: an IPv4 link MTU is at least 68 bytes (RFC 791)");
  EXPECT_EQ(error_of(with("    queue: {discipline: red, target: 5ms}")),
            "s.yaml:10:30: links.wire.queue.target: not a parameter of the 'red' discipline");
  EXPECT_EQ(error_of(with("    queue: {discipline: red, min_threshold: 20, max_threshold: 10}")),
            "s.yaml:10:12: links.wire.queue: RED needs min_threshold < max_threshold");
  EXPECT_EQ(error_of(with("    queue: {discipline: red, weight: 2}")),
            "s.yaml:10:38: links.wire.queue.weight: expected a number from 0 to 1, got '2'");
  EXPECT_EQ(
      error_of(with("    forward: {jitter: 1ms, distribution: normal}")),
      "s.yaml:10:14: links.wire.forward: a delay distribution needs both a delay and a jitter");
}

TEST(ScenarioErrors, RoutingAndFaults) {
  const auto with_faults = [](const std::string& faults) { return kValid + "faults:\n" + faults; };
  EXPECT_EQ(
      error_of(kValid + "routing: {metric: latency}\n"),
      "s.yaml:16:19: routing.metric: unknown value 'latency'; expected one of: hops, delay, cost");
  EXPECT_EQ(error_of(with_faults("  - {at: 1s, link: wyre, action: down}\n")),
            "s.yaml:17:20: faults[0].link: unknown link 'wyre' (did you mean 'wire'?)");
  EXPECT_EQ(error_of(with_faults("  - {at: 5s, link: wire, action: down}\n")),
            "s.yaml:17:10: faults[0].at: after the end of the run (1s)");
  EXPECT_EQ(error_of(with_faults("  - {at: 0.5s, partition: [client]}\n")),
            "s.yaml:17:5: faults[0]: a partition needs a `duration`");
  EXPECT_EQ(error_of(with_faults("  - {at: 0.5s, link: wire, set: {queue: 5 packets}}\n")),
            "s.yaml:17:41: faults[0].set.queue: the queue discipline cannot change during a run");
  EXPECT_EQ(error_of(with_faults("  - {at: 0.5s, node: client, action: reboot}\n")),
            "s.yaml:17:38: faults[0].action: unknown value 'reboot'; expected one of: crash, "
            "restart, kill");
  EXPECT_EQ(error_of(with_faults("  - {at: 0.5s}\n")),
            "s.yaml:17:5: faults[0]: a fault names a `link`, a `node` or a `partition`");
}

TEST(ScenarioErrors, ApplicationsRunOnHosts) {
  const std::string routed = replace(kValid, "  server: {}", "  server: {kind: router}");
  EXPECT_EQ(error_of(routed),
            "s.yaml:13:9: traffic.chat.to: 'server' is a router; applications run on hosts");
}

TEST(ScenarioErrors, TcpKeys) {
  const auto tcp_flow = [](const std::string& extra) {
    return replace(kValid, "    interval: 10ms",
                   "    interval: 10ms\n    transport: tcp\n" + extra);
  };
  EXPECT_EQ(error_of(tcp_flow("")), "");
  EXPECT_EQ(error_of(tcp_flow("    tcp: {mss: 40B}\n")),
            "s.yaml:17:16: traffic.chat.tcp.mss: an MSS is from 88 to 65495 bytes");
  EXPECT_EQ(error_of(tcp_flow("    tcp: {preset: bsd}\n")),
            "s.yaml:17:19: traffic.chat.tcp.preset: unknown value 'bsd'; expected one of: rfc, "
            "linux, ns3");
  EXPECT_EQ(
      error_of(tcp_flow("    tcp: {congestion: vegas}\n")),
      "s.yaml:17:23: traffic.chat.tcp.congestion: unknown value 'vegas'; expected one of: reno, "
      "newreno, cubic");
  EXPECT_EQ(error_of(tcp_flow("    tcp: {min_rto: 2s, max_rto: 1s}\n")),
            "s.yaml:17:10: traffic.chat.tcp: min_rto is above max_rto");
  EXPECT_EQ(error_of(tcp_flow("    tcp: {sak: true}\n"))
                .rfind("s.yaml:17:11: traffic.chat.tcp.sak: unknown key (did you mean 'sack'?)", 0),
            0u);
  EXPECT_EQ(error_of(kValid + "tcp: {receive_buffer: 0B}\n"),
            "s.yaml:16:23: tcp.receive_buffer: a buffer holds from 1 byte to 1 GiB");
  // A UDP flow has no TCP options to tune, and a bulk transfer needs TCP.
  EXPECT_EQ(
      error_of(replace(kValid, "    interval: 10ms", "    interval: 10ms\n    tcp: {sack: true}"))
          .rfind("s.yaml:16:5: traffic.chat.tcp: unknown key", 0),
      0u);
  const std::string bulk =
      replace(replace(kValid, "    size: 100B\n", ""), "    interval: 10ms\n", "    app: bulk\n");
  EXPECT_EQ(error_of(bulk),
            "s.yaml:14:10: traffic.chat.app: 'bulk' runs over TCP (UDP has no rate to send at): "
            "add `transport: tcp`");
  // Request/response over UDP: one datagram each way, at a fixed interval.
  const std::string udp_rr = replace(bulk, "    app: bulk\n",
                                     "    app: request_response\n    request: 10B\n"
                                     "    response: 70000B\n    interval: 1s\n");
  EXPECT_EQ(error_of(udp_rr),
            "s.yaml:16:15: traffic.chat.response: over UDP a response is one datagram: at most "
            "65507B");
  EXPECT_EQ(error_of(replace(replace(udp_rr, "70000B", "700B"), "    interval: 1s\n", "")),
            "s.yaml:12:5: traffic.chat: request_response over UDP needs an interval: back to "
            "back, a lost datagram would stop the exchanges");
  EXPECT_EQ(error_of(replace(udp_rr, "70000B", "700B")), "");
  EXPECT_EQ(error_of(replace(bulk, "    app: bulk\n",
                             "    app: bulk\n    transport: tcp\n    bytes: 0B\n")),
            "s.yaml:16:12: traffic.chat.bytes: a bulk transfer sends at least one byte");
  EXPECT_EQ(error_of(replace(bulk, "    app: bulk\n",
                             "    app: bulk\n    transport: tcp\n    size: 1B\n"))
                .rfind("s.yaml:16:5: traffic.chat.size: unknown key", 0),
            0u);
  const std::string rr =
      replace(bulk, "    app: bulk\n", "    app: request_response\n    transport: tcp\n");
  EXPECT_EQ(error_of(rr), "s.yaml:12:5: traffic.chat.request: missing required key");
  EXPECT_EQ(
      error_of(kValid + "reports: {timeseries: 0s}\n"),
      "s.yaml:16:23: reports.timeseries: expected off, on_change or an interval longer than 0s");
}

TEST(ScenarioErrors, UnreadableFile) {
  try {
    load_scenario_file("/nonexistent/x.yaml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/x.yaml: cannot read the scenario file");
  }
}

}  // namespace
}  // namespace netsim::scenario
