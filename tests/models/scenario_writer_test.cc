#include "models/scenario/scenario_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "models/scenario/channel_reader.h"
#include "models/scenario/realtime_reader.h"
#include "models/scenario/scenario_loader.h"
#include "models/scenario/tcp_reader.h"

namespace netsim::scenario {
namespace {

// Scalars quoted and containers bracketed, so different trees never render alike; one value per
// line, so a failing comparison points at the line that differs.
void render(const DocPtr& node, const std::string& indent, std::string& out) {
  switch (node->kind) {
    case DocNode::Kind::Null:
      out += "~\n";
      break;
    case DocNode::Kind::Scalar: {
      std::string quoted = "'";
      for (const char c : node->scalar) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      out += quoted + "'\n";
      break;
    }
    case DocNode::Kind::Sequence:
      out += "[\n";
      for (const auto& item : node->items) {
        out += indent + "  - ";
        render(item, indent + "    ", out);
      }
      out += indent + "]\n";
      break;
    case DocNode::Kind::Map:
      out += "{\n";
      for (const auto& e : node->entries) {
        out += indent + "  " + e.key->scalar + ": ";
        render(e.value, indent + "    ", out);
      }
      out += indent + "}\n";
      break;
  }
}

std::string render(const DocPtr& node) {
  std::string out;
  render(node, "", out);
  return out;
}

std::set<std::string> keys(const DocPtr& map) {
  std::set<std::string> out;
  if (map) {
    for (const auto& e : map->entries) out.insert(e.key->scalar);
  }
  return out;
}

bool has_key_anywhere(const DocPtr& node, const std::string& key) {
  for (const auto& item : node->items) {
    if (has_key_anywhere(item, key)) return true;
  }
  for (const auto& e : node->entries) {
    if (e.key->scalar == key || has_key_anywhere(e.value, key)) return true;
  }
  return false;
}

// Doubles compared exactly: the description must give back the very same values.
void expect_same_channel(const net::ChannelConfig& a, const net::ChannelConfig& b,
                         const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(a.rate, b.rate);
  EXPECT_EQ(a.delay, b.delay);
  EXPECT_EQ(a.jitter, b.jitter);
  EXPECT_EQ(a.jitter_correlation, b.jitter_correlation);
  EXPECT_EQ(a.distribution, b.distribution);
  EXPECT_TRUE(a.loss == b.loss);
  EXPECT_EQ(a.duplicate, b.duplicate);
  EXPECT_EQ(a.duplicate_correlation, b.duplicate_correlation);
  EXPECT_EQ(a.reorder, b.reorder);
  EXPECT_EQ(a.reorder_correlation, b.reorder_correlation);
  EXPECT_EQ(a.gap, b.gap);
  EXPECT_EQ(a.corrupt, b.corrupt);
  EXPECT_EQ(a.corrupt_correlation, b.corrupt_correlation);
  EXPECT_EQ(a.mtu, b.mtu);
  EXPECT_EQ(a.framing, b.framing);
  EXPECT_EQ(a.cost, b.cost);
  EXPECT_EQ(a.queue.discipline, b.queue.discipline);
  EXPECT_EQ(a.queue.limit.unit, b.queue.limit.unit);
  EXPECT_EQ(a.queue.limit.value, b.queue.limit.value);
  // A discipline's parameters matter only when it is the one in use, and only then are they
  // written.
  if (a.queue.discipline == net::QueueConfig::Discipline::Red) {
    EXPECT_EQ(a.queue.red.min_threshold, b.queue.red.min_threshold);
    EXPECT_EQ(a.queue.red.max_threshold, b.queue.red.max_threshold);
    EXPECT_EQ(a.queue.red.max_p, b.queue.red.max_p);
    EXPECT_EQ(a.queue.red.weight, b.queue.red.weight);
    EXPECT_EQ(a.queue.red.gentle, b.queue.red.gentle);
    EXPECT_EQ(a.queue.red.mean_packet_bytes, b.queue.red.mean_packet_bytes);
  }
  if (a.queue.discipline == net::QueueConfig::Discipline::Codel) {
    EXPECT_EQ(a.queue.codel.target, b.queue.codel.target);
    EXPECT_EQ(a.queue.codel.interval, b.queue.codel.interval);
    EXPECT_EQ(a.queue.codel.mtu_bytes, b.queue.codel.mtu_bytes);
  }
}

void expect_same_schedule(const apps::EmitSchedule& a, const apps::EmitSchedule& b) {
  EXPECT_EQ(a.at, b.at);
  if (a.at) return;  // the rest is unused
  EXPECT_EQ(a.interval, b.interval);
  EXPECT_EQ(a.arrival, b.arrival);
  EXPECT_EQ(a.start, b.start);
  EXPECT_EQ(a.stop, b.stop);
}

void expect_same_realtime(const RealtimeConfig& a, const RealtimeConfig& b) {
  ASSERT_EQ(a.servers.size(), b.servers.size());
  for (std::size_t i = 0; i < a.servers.size(); ++i) {
    const RealtimeServerConfig& s = a.servers[i];
    const RealtimeServerConfig& t = b.servers[i];
    SCOPED_TRACE("realtime server " + s.name);
    EXPECT_EQ(s.name, t.name);
    EXPECT_EQ(s.node, t.node);
    EXPECT_EQ(s.spec.name, t.spec.name);
    EXPECT_EQ(s.spec.port, t.spec.port);
    EXPECT_EQ(s.spec.path, t.spec.path);
    const socketio::ServerOptions& o = s.spec.options;
    const socketio::ServerOptions& p = t.spec.options;
    EXPECT_EQ(o.ping_interval, p.ping_interval);
    EXPECT_EQ(o.ping_timeout, p.ping_timeout);
    EXPECT_EQ(o.upgrade_timeout, p.upgrade_timeout);
    EXPECT_EQ(o.max_http_buffer_size, p.max_http_buffer_size);
    EXPECT_EQ(o.transports, p.transports);
    EXPECT_EQ(o.allow_upgrades, p.allow_upgrades);
    EXPECT_EQ(o.per_message_deflate, p.per_message_deflate);
    EXPECT_EQ(o.http_compression_threshold, p.http_compression_threshold);
    EXPECT_EQ(o.connect_timeout, p.connect_timeout);
    EXPECT_EQ(o.connection_state_recovery.enabled, p.connection_state_recovery.enabled);
    EXPECT_EQ(o.connection_state_recovery.max_disconnection_duration,
              p.connection_state_recovery.max_disconnection_duration);
    EXPECT_EQ(o.connection_state_recovery.skip_middlewares,
              p.connection_state_recovery.skip_middlewares);
    EXPECT_EQ(s.spec.epoch_unix_ms, t.spec.epoch_unix_ms);
    EXPECT_EQ(s.spec.client_script, t.spec.client_script);
    EXPECT_TRUE(s.spec.tcp == t.spec.tcp);
    EXPECT_EQ(s.script.rooms, t.script.rooms);
    ASSERT_EQ(s.script.listeners.size(), t.script.listeners.size());
    for (std::size_t k = 0; k < s.script.listeners.size(); ++k) {
      EXPECT_EQ(s.script.listeners[k].event, t.script.listeners[k].event);
      EXPECT_EQ(s.script.listeners[k].after, t.script.listeners[k].after);
      EXPECT_EQ(s.script.listeners[k].remove_after, t.script.listeners[k].remove_after);
    }
    ASSERT_EQ(s.script.emits.size(), t.script.emits.size());
    for (std::size_t k = 0; k < s.script.emits.size(); ++k) {
      const apps::ServerEmitScript& e = s.script.emits[k];
      const apps::ServerEmitScript& f = t.script.emits[k];
      EXPECT_EQ(e.event, f.event);
      EXPECT_EQ(e.size, f.size);
      expect_same_schedule(e.when, f.when);
      EXPECT_EQ(e.audience.nsp, f.audience.nsp);
      EXPECT_EQ(e.audience.rooms, f.audience.rooms);
      EXPECT_EQ(e.audience.except, f.audience.except);
      EXPECT_EQ(e.is_volatile, f.is_volatile);
      EXPECT_EQ(e.ack, f.ack);
    }
  }
  ASSERT_EQ(a.clients.size(), b.clients.size());
  for (std::size_t i = 0; i < a.clients.size(); ++i) {
    const RealtimeClientConfig& c = a.clients[i];
    const RealtimeClientConfig& d = b.clients[i];
    SCOPED_TRACE("realtime client " + c.name);
    EXPECT_EQ(c.name, d.name);
    EXPECT_EQ(c.node, d.node);
    EXPECT_EQ(c.server, d.server);
    EXPECT_EQ(c.count, d.count);
    EXPECT_EQ(c.stagger, d.stagger);
    EXPECT_EQ(c.spec.port, d.spec.port);
    EXPECT_EQ(c.spec.host, d.spec.host);
    EXPECT_EQ(c.spec.path, d.spec.path);
    EXPECT_EQ(c.spec.nsp, d.spec.nsp);
    EXPECT_EQ(c.multiplex_with, d.multiplex_with);
    EXPECT_EQ(c.spec.fetch_script, d.spec.fetch_script);
    EXPECT_EQ(c.spec.user_agent, d.spec.user_agent);
    EXPECT_EQ(c.spec.accept_encoding, d.spec.accept_encoding);
    EXPECT_EQ(c.spec.epoch_unix_ms, d.spec.epoch_unix_ms);
    EXPECT_TRUE(c.spec.tcp == d.spec.tcp);
    const socketio::ClientOptions& o = c.spec.options;
    const socketio::ClientOptions& p = d.spec.options;
    EXPECT_EQ(o.transports, p.transports);
    EXPECT_EQ(o.upgrade, p.upgrade);
    EXPECT_EQ(o.remember_upgrade, p.remember_upgrade);
    EXPECT_EQ(o.timestamp_requests, p.timestamp_requests);
    EXPECT_EQ(o.reconnection, p.reconnection);
    EXPECT_EQ(o.reconnection_attempts, p.reconnection_attempts);
    EXPECT_EQ(o.reconnection_delay, p.reconnection_delay);
    EXPECT_EQ(o.reconnection_delay_max, p.reconnection_delay_max);
    EXPECT_EQ(o.randomization_factor, p.randomization_factor);
    EXPECT_EQ(o.timeout, p.timeout);
    EXPECT_EQ(o.retries, p.retries);
    EXPECT_EQ(o.ack_timeout, p.ack_timeout);
    EXPECT_EQ(c.script.start, d.script.start);
    EXPECT_EQ(c.script.disconnect_at, d.script.disconnect_at);
    ASSERT_EQ(c.script.listeners.size(), d.script.listeners.size());
    for (std::size_t k = 0; k < c.script.listeners.size(); ++k) {
      const apps::ClientListenerScript& l = c.script.listeners[k];
      const apps::ClientListenerScript& m = d.script.listeners[k];
      EXPECT_EQ(l.event, m.event);
      EXPECT_EQ(l.in_connect_handler, m.in_connect_handler);
      if (!l.in_connect_handler) {
        EXPECT_EQ(l.at, m.at);
        EXPECT_EQ(l.remove_at, m.remove_at);
      }
    }
    ASSERT_EQ(c.script.emits.size(), d.script.emits.size());
    for (std::size_t k = 0; k < c.script.emits.size(); ++k) {
      const apps::ClientEmitScript& e = c.script.emits[k];
      const apps::ClientEmitScript& f = d.script.emits[k];
      EXPECT_EQ(e.event, f.event);
      EXPECT_EQ(e.size, f.size);
      expect_same_schedule(e.when, f.when);
      EXPECT_EQ(e.options.is_volatile, f.options.is_volatile);
      EXPECT_EQ(e.options.ack, f.options.ack);
      EXPECT_EQ(e.options.timeout, f.options.timeout);
    }
  }
}

void expect_same_config(const ScenarioConfig& a, const ScenarioConfig& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.replications, b.replications);
  EXPECT_EQ(a.duration, b.duration);
  ASSERT_EQ(a.nodes.size(), b.nodes.size());
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    EXPECT_EQ(a.nodes[i].name, b.nodes[i].name);
    EXPECT_EQ(a.nodes[i].kind, b.nodes[i].kind) << a.nodes[i].name;
  }
  ASSERT_EQ(a.links.size(), b.links.size());
  for (std::size_t i = 0; i < a.links.size(); ++i) {
    EXPECT_EQ(a.links[i].name, b.links[i].name);
    EXPECT_EQ(a.links[i].a, b.links[i].a);
    EXPECT_EQ(a.links[i].b, b.links[i].b);
    expect_same_channel(a.links[i].a_to_b, b.links[i].a_to_b, a.links[i].name + " forward");
    expect_same_channel(a.links[i].b_to_a, b.links[i].b_to_a, a.links[i].name + " reverse");
  }
  EXPECT_EQ(a.routing.metric, b.routing.metric);
  EXPECT_EQ(a.routing.convergence, b.routing.convergence);
  ASSERT_EQ(a.faults.size(), b.faults.size());
  for (std::size_t i = 0; i < a.faults.size(); ++i) {
    const FaultConfig& f = a.faults[i];
    const FaultConfig& g = b.faults[i];
    SCOPED_TRACE("fault " + std::to_string(i));
    EXPECT_EQ(f.kind, g.kind);
    EXPECT_EQ(f.at, g.at);
    EXPECT_EQ(f.duration, g.duration);
    EXPECT_EQ(f.link, g.link);
    EXPECT_EQ(f.node, g.node);
    EXPECT_EQ(f.nodes, g.nodes);
    ASSERT_EQ(f.forward.has_value(), g.forward.has_value());
    ASSERT_EQ(f.reverse.has_value(), g.reverse.has_value());
    if (f.forward) expect_same_channel(*f.forward, *g.forward, "forward");
    if (f.reverse) expect_same_channel(*f.reverse, *g.reverse, "reverse");
  }
  ASSERT_EQ(a.traffic.size(), b.traffic.size());
  for (std::size_t i = 0; i < a.traffic.size(); ++i) {
    const TrafficConfig& t = a.traffic[i];
    const TrafficConfig& u = b.traffic[i];
    SCOPED_TRACE("flow " + t.name);
    EXPECT_EQ(t.name, u.name);
    EXPECT_EQ(t.transport, u.transport);
    EXPECT_EQ(t.app, u.app);
    EXPECT_EQ(t.from, u.from);
    EXPECT_EQ(t.to, u.to);
    EXPECT_EQ(t.port, u.port);
    EXPECT_EQ(t.stream.size, u.stream.size);
    EXPECT_EQ(t.stream.interval, u.stream.interval);
    EXPECT_EQ(t.stream.arrival, u.stream.arrival);
    EXPECT_EQ(t.stream.start, u.stream.start);
    EXPECT_EQ(t.stream.stop, u.stream.stop);
    EXPECT_EQ(t.bulk.bytes, u.bulk.bytes);
    EXPECT_EQ(t.bulk.start, u.bulk.start);
    EXPECT_EQ(t.bulk.stop, u.bulk.stop);
    EXPECT_EQ(t.exchange.request, u.exchange.request);
    EXPECT_EQ(t.exchange.response, u.exchange.response);
    EXPECT_EQ(t.exchange.interval, u.exchange.interval);
    EXPECT_EQ(t.exchange.start, u.exchange.start);
    EXPECT_EQ(t.exchange.stop, u.exchange.stop);
    EXPECT_TRUE(t.tcp == u.tcp);
  }
  expect_same_realtime(a.realtime, b.realtime);
  EXPECT_EQ(a.reports.timeseries, b.reports.timeseries);
  if (a.reports.timeseries == ReportsConfig::Timeseries::Interval) {
    EXPECT_EQ(a.reports.timeseries_interval, b.reports.timeseries_interval);
  }
  EXPECT_EQ(a.reports.messages, b.reports.messages);
  ASSERT_EQ(a.compare.has_value(), b.compare.has_value());
  if (a.compare) {
    EXPECT_EQ(a.compare->flows, b.compare->flows);
    EXPECT_EQ(a.compare->plots, b.compare->plots);
  }
}

// Every key the readers accept is written, except those whose value is "unset".
void expect_explicit(const DocPtr& d, const ScenarioConfig& c) {
  EXPECT_EQ(d->find("topology"), nullptr);
  EXPECT_FALSE(has_key_anywhere(d, "preset"));
  for (const LinkConfig& l : c.links) {
    const DocPtr link = d->find("links")->find(l.name);
    ASSERT_NE(link, nullptr) << l.name;
    for (const auto* which : {"forward", "reverse"}) {
      std::set<std::string> written = keys(link);
      written.merge(keys(link->find(which)));
      for (const auto* k : {"between", "forward", "reverse"}) written.erase(k);
      std::set<std::string> expected(channel_keys().begin(), channel_keys().end());
      const auto& mtu = std::string(which) == "forward" ? l.a_to_b.mtu : l.b_to_a.mtu;
      if (!mtu) expected.erase("mtu");
      EXPECT_EQ(written, expected) << l.name << " " << which;
    }
  }
  for (const TrafficConfig& t : c.traffic) {
    const DocPtr tcp = d->find("traffic")->find(t.name)->find("tcp");
    if (t.transport == Transport::Udp) {
      EXPECT_EQ(tcp, nullptr) << t.name;
      continue;
    }
    std::set<std::string> expected(tcp_keys().begin(), tcp_keys().end());
    expected.erase("preset");
    if (!t.tcp.time_wait) expected.erase("time_wait");
    EXPECT_EQ(keys(tcp), expected) << t.name;
  }
  // Every realtime key, less the unset ones; whole TCP maps.
  const DocPtr realtime = d->find("realtime");
  ASSERT_EQ(realtime == nullptr, c.realtime.empty());
  std::set<std::string> tcp_expected(tcp_keys().begin(), tcp_keys().end());
  tcp_expected.erase("preset");
  tcp_expected.erase("time_wait");
  for (const RealtimeServerConfig& s : c.realtime.servers) {
    const DocPtr server = realtime->find("servers")->find(s.name);
    ASSERT_NE(server, nullptr) << s.name;
    const std::set<std::string> expected(realtime_server_keys().begin(),
                                         realtime_server_keys().end());
    EXPECT_EQ(keys(server), expected) << s.name;
    if (!s.spec.tcp.time_wait) {
      EXPECT_EQ(keys(server->find("tcp")), tcp_expected) << s.name;
    }
  }
  for (const RealtimeClientConfig& r : c.realtime.clients) {
    const DocPtr client = realtime->find("clients")->find(r.name);
    ASSERT_NE(client, nullptr) << r.name;
    std::set<std::string> expected(realtime_client_keys().begin(), realtime_client_keys().end());
    if (!r.spec.options.retries) expected.erase("retries");
    if (!r.spec.options.ack_timeout) expected.erase("ack_timeout");
    if (!r.script.disconnect_at) expected.erase("disconnect_at");
    if (r.multiplex_with) {
      for (const std::string& key : realtime_connection_keys()) expected.erase(key);
    } else {
      expected.erase("multiplex_with");
    }
    EXPECT_EQ(keys(client), expected) << r.name;
    if (!r.spec.tcp.time_wait && !r.multiplex_with) {
      EXPECT_EQ(keys(client->find("tcp")), tcp_expected) << r.name;
    }
  }
}

// Loading the description gives back the configuration, and describing that gives the same
// document.
DocPtr expect_round_trip(const ScenarioConfig& c1) {
  const DocPtr d1 = describe(c1);
  const ScenarioConfig c2 = load_scenario(d1, "described");
  EXPECT_EQ(render(describe(c2)), render(d1));
  expect_same_config(c1, c2);
  expect_explicit(d1, c1);
  return d1;
}

TEST(ScenarioWriter, BundledScenariosRoundTrip) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(NETSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().filename().string());
    expect_round_trip(load_scenario_file(entry.path().string()));
    ++count;
  }
  EXPECT_GE(count, 7);
}

// Non-default values of every kind the loader reads.
constexpr const char* kEveryVariant = R"(
name: every-variant
description: "non-default values: 'all' of them"
seed: 18446744073709551615
replications: 3
duration: 1min
nodes:
  a: {}
  b: {kind: host}
  c:
  d: {}
  r1: {kind: router}
  r2: {kind: router}
links:
  a-r1:
    between: [a, r1]
    rate: 1.5Mbps
    delay: 1.5ms
    jitter: 300us
    jitter_correlation: 25%
    distribution: pareto
    loss: {model: random, probability: 0.1234567891%, correlation: 10%}
    duplicate: {probability: 1%, correlation: 5%}
    corrupt: 0.5%
    reorder: {probability: 2%, correlation: 50%, gap: 3}
    mtu: 1400B
    framing: ethernet
    cost: 7
    queue: 64KB
    reverse:
      rate: 256kbps
      delay: 7ns
      distribution: paretonormal
      loss: {model: gemodel, p: 1%, r: 30%, 1-h: 90%, 1-k: 0.1%}
      mtu: 576B
      framing: ppp
      queue: {discipline: red, limit: 50 packets, min_threshold: 10, max_threshold: 30,
              max_p: 5%, weight: 0.004, gentle: false, mean_packet_size: 1000B}
  b-r1:
    between: [b, r1]
    rate: 10Mbps
    forward:
      delay: 10ms
      jitter: 2ms
      distribution: normal
      loss: {model: state, p13: 1%, p31: 25%, p32: 5%, p23: 10%, p14: 0.2%}
      reorder: 25%
      queue: {discipline: codel, limit: 30KB, target: 2ms, interval: 50ms, mtu: 9000B}
    reverse:
      delay: 5ms
      loss: {model: gemodel, p: 2.47%}  # r = 1 - p is not a whole number of 10^-12
      queue: {discipline: codel}
  c-r2: {between: [c, r2], rate: 1Gbps, loss: {model: state, p13: 2.47%}}
  d-r2: {between: [d, r2], rate: 100Mbps, delay: 1ms, loss: 0}
  r1-r2: {between: [r1, r2], rate: 10Gbps, delay: 3ms, cost: 2, reverse: {rate: 1Gbps}}
  r1-r2-backup: {between: [r1, r2], rate: 1Gbps, delay: 30ms, cost: 5}
routing: {metric: delay, convergence: 250ms}
faults:
  - {at: 1s, link: r1-r2, action: down}
  - {at: 2s, link: r1-r2, action: up}
  - {at: 3s, link: r1-r2-backup, action: down, duration: 500ms}
  - {at: 4s, node: r2, action: crash, duration: 1s}
  - {at: 6s, node: r1, action: crash}
  - {at: 7s, node: r1, action: restart}
  - {at: 8s, partition: [a, b, r1], duration: 2.5s}
  - {at: 11s, link: a-r1, set: {loss: 5%, delay: 4ms}, duration: 10s}
  - {at: 12s, link: b-r1, direction: forward, set: {rate: 1Mbps, loss: {model: gemodel, p: 3%}}}
  - {at: 13s, link: b-r1, direction: reverse, set: {jitter: 1ms, distribution: normal}}
tcp: {preset: ns3, nagle: true}
traffic:
  udp-fixed: {from: a, to: c, port: 5000, size: 65507B, interval: 1.5ms, start: 1s, stop: 50s}
  udp-poisson: {from: c, to: a, size: 0B, interval: 10us, arrival: poisson}
  tcp-stream:
    transport: tcp
    from: b
    to: d
    size: 1KiB
    interval: 20ms
    tcp: {mss: 1000B, sack: false, congestion: reno, time_wait: 30s, min_rto: 0s,
          clock_granularity: 0s, initial_window: 4}
  tcp-bulk:
    app: bulk
    transport: tcp
    from: a
    to: d
    bytes: 10MB
    start: 500ms
    tcp: {congestion: cubic, grow_cwnd_when_rate_limited: true, ssthresh_from_pipe: true,
          recover_inclusive: true, delayed_ack: false, delayed_ack_count: 3,
          delayed_ack_timeout: 100ms, msl: 30s, syn_retries: 0, data_retries: 2,
          dupack_threshold: 5, limited_transmit: false, window_scaling: false, timestamps: false,
          send_buffer: 1MiB, receive_buffer: 64KB, initial_rto: 2s, syn_rto: 1500ms, max_rto: 10s}
  tcp-bulk-open: {app: bulk, transport: tcp, from: d, to: a, stop: 30s}
  rpc: {app: request_response, transport: tcp, from: b, to: c, port: 8080, request: 300B,
        response: 20KB, interval: 250ms}
  rpc-back-to-back: {app: request_response, transport: tcp, from: c, to: b, request: 1B,
                     response: 0B}
realtime:
  servers:
    io:
      node: d
      port: 8080
      path: /live/
      ping_interval: 10s
      ping_timeout: 4s
      upgrade_timeout: 2500ms
      max_http_buffer_size: 64KiB
      transports: [websocket, polling]
      allow_upgrades: false
      http_compression_threshold: 0B
      connect_timeout: 1min
      connection_state_recovery: {enabled: true, max_disconnection_duration: 45s,
                                  skip_middlewares: false}
      epoch_unix_ms: 0
      client_script_size: 1B
      client_script_br_size: 7B
      keep_alive_timeout: 0s
      tcp: {sack: false, time_wait: 5s}
      rooms: [lobby, "with space"]
      listeners:
        - {event: chat, after: 250ms, remove_after: 40s}
        - {any: true, after: 1s}
      emits:
        - {event: news, size: 1KiB, interval: 333ms, arrival: poisson, start: 1s, stop: 59s,
           to: [lobby], except: [muted, banned], namespace: /admin, volatile: true, ack: true}
        - {event: hello, size: 0B, at: 2s}
    plain: {node: b}
  clients:
    phones:
      node: a
      server: io
      count: 4
      stagger: 1.5s
      start: 3s
      namespace: /admin
      fetch_script: true
      user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"
      accept_encoding: "gzip, deflate, br"
      epoch_unix_ms: 1767225600123
      transports: [websocket]
      upgrade: false
      timestamp_requests: false
      reconnection: false
      reconnection_attempts: 12
      reconnection_delay: 250ms
      reconnection_delay_max: 10s
      randomization_factor: 0.123456789
      timeout: 7s
      retries: 3
      ack_timeout: 1.5s
      tcp: {preset: linux}
      listeners:
        - {event: news, at: 4s, remove_at: 30s}
        - {event: news, in_connect_handler: true}
        - {any: true, in_connect_handler: true}
        - {any: true}
      emits:
        - {event: chat, size: 12B, at: 3.5s, volatile: true}
        - {event: chat, size: 99B, interval: 2s, start: 5s, stop: 50s, ack: true, timeout: 750ms}
        - {event: typing, size: 1B, interval: 100ms, arrival: poisson, ack: true}
      disconnect_at: 55s
    one: {node: c, server: plain}
  mitigations: [none, on_any, [server_replay, dedup]]
reports: {timeseries: on_change, messages: false}
compare: {flows: [rpc], plots: false}
)";

TEST(ScenarioWriter, EveryVariantRoundTrips) {
  const ScenarioConfig c = load_scenario_text(kEveryVariant, "every-variant.yaml");
  const DocPtr d = expect_round_trip(c);
  // The UDP flows carry the ns3 defaults, so the description keeps them at the top level.
  EXPECT_NE(d->find("tcp"), nullptr);
}

TEST(ScenarioWriter, TcpOnlyAndTimeseriesVariantsRoundTrip) {
  // Top-level linux defaults reach the flows; with no UDP flow the top-level block is not needed.
  const ScenarioConfig tcp_only = load_scenario_text(R"(
name: tcp-only
duration: 10s
nodes: {a: , b: }
links: {ab: {between: [a, b], rate: 10Mbps, delay: 5ms}}
tcp: {preset: linux}
traffic:
  up: {app: bulk, transport: tcp, from: a, to: b}
  rpc: {app: request_response, transport: tcp, from: b, to: a, request: 10B, response: 10B}
reports: {timeseries: off}
)",
                                                     "tcp-only.yaml");
  const DocPtr d = expect_round_trip(tcp_only);
  EXPECT_EQ(d->find("tcp"), nullptr);
  EXPECT_EQ(tcp_only.traffic[0].tcp, *tcp::tcp_preset("linux"));

  const ScenarioConfig udp_only = load_scenario_text(R"(
name: udp-only
duration: 2h
nodes: {a: , b: }
links: {ab: {between: [a, b], rate: 123456789bps}}
traffic:
  up: {from: a, to: b, size: 1B, interval: 1h}
reports: {timeseries: 250ms}
)",
                                                     "udp-only.yaml");
  EXPECT_EQ(expect_round_trip(udp_only)->find("tcp"), nullptr);  // rfc defaults: nothing to say
}

// The values come out in the loader's syntax, in the exact forms the units allow.
TEST(ScenarioWriter, WritesExactQuantities) {
  const ScenarioConfig c = load_scenario_text(R"(
name: units
duration: 1.5s
nodes: {a: , b: }
links:
  ab: {between: [a, b], rate: 1.5Mbps, delay: 0.0015s, loss: 0.0000000123%, queue: 1.5KB}
traffic:
  up: {from: a, to: b, size: 1KiB, interval: 2.000001s}
)",
                                              "units.yaml");
  const DocPtr d = describe(c);
  EXPECT_EQ(d->find("duration")->scalar, "1500ms");
  const DocPtr link = d->find("links")->find("ab");
  EXPECT_EQ(link->find("rate")->scalar, "1500kbps");
  EXPECT_EQ(link->find("delay")->scalar, "1500us");
  EXPECT_EQ(link->find("loss")->find("probability")->scalar, "0.0000000123%");
  EXPECT_EQ(link->find("loss")->find("correlation")->scalar, "0%");
  EXPECT_EQ(link->find("queue")->find("limit")->scalar, "1500B");
  EXPECT_EQ(link->find("queue")->find("discipline")->scalar, "drop_tail");
  EXPECT_EQ(link->find("forward"), nullptr);
  EXPECT_EQ(d->find("traffic")->find("up")->find("size")->scalar, "1024B");
  EXPECT_EQ(d->find("traffic")->find("up")->find("interval")->scalar, "2000001us");
  EXPECT_EQ(d->find("traffic")->find("up")->find("port")->scalar, "40000");
  EXPECT_EQ(d->find("routing")->find("metric")->scalar, "hops");
}

// docs/scenarios.md documents every key: each key the writer emits (it writes all the loader
// reads) appears there in backquotes. Names chosen by the user (nodes, links, flows) are skipped.
void collect_undocumented(const DocPtr& node, const std::string& parent, const std::string& docs,
                          std::set<std::string>& missing) {
  for (const auto& item : node->items) collect_undocumented(item, parent, docs, missing);
  for (const auto& entry : node->entries) {
    const std::string& key = entry.key->scalar;
    const bool user_name = parent == "nodes" || parent == "links" || parent == "traffic" ||
                           parent == "servers" || parent == "clients";
    if (!user_name && docs.find("`" + key + "`") == std::string::npos) missing.insert(key);
    collect_undocumented(entry.value, user_name ? "" : key, docs, missing);
  }
}

TEST(ScenarioWriter, EveryKeyIsDocumented) {
  std::ifstream in(std::string(NETSIM_SOURCE_DIR) + "/docs/scenarios.md");
  ASSERT_TRUE(in);
  const std::string docs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<std::string> missing;
  collect_undocumented(describe(load_scenario_text(kEveryVariant, "every-variant.yaml")), "", docs,
                       missing);
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(NETSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    collect_undocumented(describe(load_scenario_file(entry.path().string())), "", docs, missing);
  }
  for (const auto& key : missing) ADD_FAILURE() << "`" << key << "` is not in docs/scenarios.md";
}

}  // namespace
}  // namespace netsim::scenario
