// The `realtime:` section of a scenario: every key read with its unit and default, mistakes
// reported where they are, and the run built from it (scripted listeners and emits, client
// groups, a server's node crashing).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/scenario/composition.h"
#include "models/scenario/realtime_reader.h"
#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_loader.h"
#include "models/scenario/scenario_run.h"
#include "models/scenario/scenario_writer.h"

namespace netsim::scenario {
namespace {

// Line numbers below refer to this text.
const std::string kValid = R"(name: rt
duration: 60s
nodes:
  server: {}
  laptop: {}
  r1: {kind: router}
links:
  wire: {between: [laptop, server], rate: 10Mbps, delay: 10ms}
realtime:
  servers:
    chat:
      node: server
      listeners: [{event: chat}]
      emits:
        - {event: news, size: 100B, interval: 1s}
  clients:
    alice:
      node: laptop
      server: chat
      listeners: [{event: news}]
      emits:
        - {event: chat, size: 50B, interval: 2s, ack: true, timeout: 1s}
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  try {
    load_scenario_text(text, "s.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

sim::Time at_s(double s) { return sim::Time::zero() + sim::us(static_cast<std::int64_t>(s * 1e6)); }

TEST(RealtimeLoader, DefaultsAreTheReferenceOnes) {
  const ScenarioConfig c = load_scenario_text(kValid, "rt.yaml");
  EXPECT_TRUE(c.traffic.empty());  // `traffic` may be left out when `realtime` is there
  ASSERT_EQ(c.realtime.servers.size(), 1u);
  const RealtimeServerConfig& s = c.realtime.servers[0];
  EXPECT_EQ(s.name, "chat");
  EXPECT_EQ(s.spec.name, "chat");
  EXPECT_EQ(s.node, "server");
  EXPECT_EQ(s.spec.port, 80);
  EXPECT_EQ(s.spec.path, "/socket.io/");
  // socket.io 4.8 / engine.io 6.6 (PROTOCOLS.md §7.2, §10.1; socketio/options.h).
  const socketio::ServerOptions reference;
  EXPECT_EQ(s.spec.options.ping_interval, sim::ms(25000));
  EXPECT_EQ(s.spec.options.ping_timeout, sim::ms(20000));
  EXPECT_EQ(s.spec.options.connect_timeout, sim::ms(45000));
  EXPECT_EQ(s.spec.options.max_http_buffer_size, 1'000'000);
  EXPECT_EQ(s.spec.options.transports, reference.transports);
  EXPECT_FALSE(s.spec.options.connection_state_recovery.enabled);
  EXPECT_EQ(s.spec.options.connection_state_recovery.max_disconnection_duration, sim::sec(120));
  // socket.io 4.8.3's socket.io.js, with its measured gzip, deflate and br bodies.
  EXPECT_EQ(s.spec.client_script, realtime::ClientScript{});
  EXPECT_EQ(s.spec.keep_alive_timeout, sim::sec(5));  // Node.js keepAliveTimeout
  // TCP: the scenario's (the rfc preset), Nagle off.
  tcp::TcpConfig no_delay = *tcp::tcp_preset("rfc");
  no_delay.nagle = false;
  EXPECT_EQ(s.spec.tcp, no_delay);
  EXPECT_TRUE(s.script.rooms.empty());
  ASSERT_EQ(s.script.listeners.size(), 1u);
  EXPECT_EQ(s.script.listeners[0].event, "chat");
  EXPECT_EQ(s.script.listeners[0].after, sim::Duration::zero());
  ASSERT_EQ(s.script.emits.size(), 1u);
  const apps::ServerEmitScript& news = s.script.emits[0];
  EXPECT_EQ(news.size, sim::Bytes(100));
  EXPECT_FALSE(news.when.at);
  EXPECT_EQ(news.when.start, sim::Time::zero());
  EXPECT_EQ(news.when.stop, at_s(60));
  EXPECT_EQ(news.audience.nsp, "/");
  EXPECT_TRUE(news.audience.rooms.empty());  // everyone

  ASSERT_EQ(c.realtime.clients.size(), 1u);
  const RealtimeClientConfig& a = c.realtime.clients[0];
  EXPECT_EQ(a.count, 1u);
  EXPECT_EQ(a.script.start, sim::Time::zero());
  EXPECT_EQ(a.spec.port, 80);
  EXPECT_EQ(a.spec.host, "server");
  EXPECT_EQ(a.spec.nsp, "/");
  const socketio::ClientOptions& o = a.spec.options;
  EXPECT_TRUE(o.reconnection);
  EXPECT_FALSE(o.reconnection_attempts);  // Infinity
  EXPECT_EQ(o.reconnection_delay, sim::ms(1000));
  EXPECT_EQ(o.reconnection_delay_max, sim::ms(5000));
  EXPECT_EQ(o.randomization_factor, 0.5);
  EXPECT_EQ(o.timeout, sim::ms(20000));
  EXPECT_FALSE(o.retries);
  EXPECT_FALSE(o.ack_timeout);
  ASSERT_EQ(a.script.listeners.size(), 1u);
  EXPECT_EQ(a.script.listeners[0].at, sim::Time::zero());  // as the page runs
  EXPECT_FALSE(a.script.listeners[0].in_connect_handler);
  ASSERT_EQ(a.script.emits.size(), 1u);
  EXPECT_TRUE(a.script.emits[0].options.ack);
  EXPECT_EQ(a.script.emits[0].options.timeout, sim::ms(1000));
  EXPECT_FALSE(a.script.disconnect_at);
}

TEST(RealtimeLoader, ReadsEveryKey) {
  const ScenarioConfig c = load_scenario_text(R"(
name: every
duration: 100s
nodes: {srv: {}, pc: {}}
links: {l: {between: [pc, srv], rate: 1Gbps}}
tcp: {preset: linux}
realtime:
  servers:
    io:
      node: srv
      port: 3000
      path: /rt/
      ping_interval: 10s
      ping_timeout: 5s
      upgrade_timeout: 3s
      max_http_buffer_size: 100KB
      transports: [websocket]
      allow_upgrades: false
      per_message_deflate: false
      http_compression_threshold: 2KiB
      connect_timeout: 30s
      connection_state_recovery: {enabled: true, max_disconnection_duration: 30s,
                                  skip_middlewares: false}
      epoch_unix_ms: 1700000000000
      client_script_size: 10KB
      client_script_gzip_size: 3KB
      keep_alive_timeout: 65s
      tcp: {sack: false}
      rooms: [lobby, all]
      listeners:
        - {event: chat, after: 1s, remove_after: 50s}
        - {any: true}
      emits:
        - {event: a, size: 1B, at: 5s, to: lobby, except: [muted], namespace: /admin}
        - {event: b, size: 0B, interval: 100ms, arrival: poisson, start: 1s, stop: 9s,
           volatile: true, ack: true}
  clients:
    pcs:
      node: pc
      server: io
      count: 3
      stagger: 250ms
      start: 2s
      namespace: /admin
      fetch_script: true
      user_agent: curl/8
      accept_encoding: br
      epoch_unix_ms: 1
      transports: [websocket, polling]
      upgrade: false
      remember_upgrade: false
      timestamp_requests: false
      reconnection: false
      reconnection_attempts: 7
      reconnection_delay: 0s
      reconnection_delay_max: 0s
      randomization_factor: 0
      timeout: 3s
      retries: 2
      ack_timeout: 500ms
      tcp: {nagle: true}
      listeners:
        - {event: a, at: 3s, remove_at: 4s}
        - {event: b, in_connect_handler: true}
        - {any: true, at: 2s}
      emits:
        - {event: c, size: 10B, at: 2500ms, volatile: true}
        - {event: d, size: 10B, interval: 1s, ack: true}
      disconnect_at: 90s
)",
                                              "every.yaml");
  const RealtimeServerConfig& s = c.realtime.servers.at(0);
  EXPECT_EQ(s.spec.port, 3000);
  EXPECT_EQ(s.spec.path, "/rt/");
  const socketio::ServerOptions& o = s.spec.options;
  EXPECT_EQ(o.ping_interval, sim::sec(10));
  EXPECT_EQ(o.ping_timeout, sim::sec(5));
  EXPECT_EQ(o.upgrade_timeout, sim::sec(3));
  EXPECT_EQ(o.max_http_buffer_size, 100'000);
  EXPECT_EQ(o.transports, std::vector<socketio::Transport>{socketio::Transport::WebSocket});
  EXPECT_FALSE(o.allow_upgrades);
  EXPECT_EQ(o.http_compression_threshold, 2048);
  EXPECT_EQ(o.connect_timeout, sim::sec(30));
  EXPECT_TRUE(o.connection_state_recovery.enabled);
  EXPECT_EQ(o.connection_state_recovery.max_disconnection_duration, sim::sec(30));
  EXPECT_FALSE(o.connection_state_recovery.skip_middlewares);
  EXPECT_EQ(s.spec.epoch_unix_ms, 1'700'000'000'000);
  // br not given: the reference file's share of its size, 31,553 / 155,836 of 10 kB.
  EXPECT_EQ(s.spec.client_script, (realtime::ClientScript{10'000, 3'000, 2'025}));
  EXPECT_EQ(s.spec.keep_alive_timeout, sim::sec(65));
  // The top-level linux preset, Nagle off, then the server's own keys.
  tcp::TcpConfig expected = *tcp::tcp_preset("linux");
  expected.nagle = false;
  expected.sack = false;
  EXPECT_EQ(s.spec.tcp, expected);
  EXPECT_EQ(s.script.rooms, (std::vector<std::string>{"lobby", "all"}));
  ASSERT_EQ(s.script.listeners.size(), 2u);
  EXPECT_EQ(s.script.listeners[0].after, sim::sec(1));
  EXPECT_EQ(s.script.listeners[0].remove_after, sim::sec(50));
  EXPECT_EQ(s.script.listeners[1].event, "");  // onAny
  const apps::ServerEmitScript& a = s.script.emits.at(0);
  EXPECT_EQ(a.when.at, at_s(5));
  EXPECT_EQ(a.audience.rooms, std::vector<std::string>{"lobby"});
  EXPECT_EQ(a.audience.except, std::vector<std::string>{"muted"});
  EXPECT_EQ(a.audience.nsp, "/admin");
  const apps::ServerEmitScript& b = s.script.emits.at(1);
  EXPECT_EQ(b.when.interval, sim::ms(100));
  EXPECT_EQ(b.when.arrival, apps::Arrival::Poisson);
  EXPECT_EQ(b.when.start, at_s(1));
  EXPECT_EQ(b.when.stop, at_s(9));
  EXPECT_TRUE(b.is_volatile);
  EXPECT_TRUE(b.ack);

  const RealtimeClientConfig& p = c.realtime.clients.at(0);
  EXPECT_EQ(p.count, 3u);
  EXPECT_EQ(p.stagger, sim::ms(250));
  EXPECT_EQ(p.script.start, at_s(2));
  EXPECT_EQ(p.spec.port, 3000);  // from the server
  EXPECT_EQ(p.spec.path, "/rt/");
  EXPECT_EQ(p.spec.nsp, "/admin");
  EXPECT_TRUE(p.spec.fetch_script);
  EXPECT_EQ(p.spec.user_agent, "curl/8");
  EXPECT_EQ(p.spec.accept_encoding, "br");
  EXPECT_EQ(p.spec.epoch_unix_ms, 1);
  const socketio::ClientOptions& q = p.spec.options;
  EXPECT_EQ(q.transports, (std::vector<socketio::Transport>{socketio::Transport::WebSocket,
                                                            socketio::Transport::Polling}));
  EXPECT_FALSE(q.upgrade);
  EXPECT_FALSE(q.timestamp_requests);
  EXPECT_FALSE(q.reconnection);
  EXPECT_EQ(q.reconnection_attempts, 7);
  // manager.ts: `reconnectionDelay || 1000`, `reconnectionDelayMax || 5000`.
  EXPECT_EQ(q.reconnection_delay, sim::ms(1000));
  EXPECT_EQ(q.reconnection_delay_max, sim::ms(5000));
  EXPECT_EQ(q.randomization_factor, 0.0);  // `?? 0.5`: 0 is honoured
  EXPECT_EQ(q.timeout, sim::sec(3));
  EXPECT_EQ(q.retries, 2);
  EXPECT_EQ(q.ack_timeout, sim::ms(500));
  tcp::TcpConfig client_tcp = *tcp::tcp_preset("linux");
  EXPECT_EQ(p.spec.tcp, client_tcp);  // nagle: true again
  ASSERT_EQ(p.script.listeners.size(), 3u);
  EXPECT_EQ(p.script.listeners[0].at, at_s(3));
  EXPECT_EQ(p.script.listeners[0].remove_at, at_s(4));
  EXPECT_TRUE(p.script.listeners[1].in_connect_handler);
  EXPECT_EQ(p.script.listeners[2].event, "");
  EXPECT_EQ(p.script.emits.at(0).when.at, at_s(2.5));
  EXPECT_TRUE(p.script.emits.at(0).options.is_volatile);
  EXPECT_EQ(p.script.emits.at(1).when.start, at_s(2));  // the client's start
  EXPECT_FALSE(p.script.emits.at(1).options.timeout);   // ack_timeout applies
  EXPECT_EQ(p.script.disconnect_at, at_s(90));

  // reconnection_attempts: 0 is Infinity, as `|| Infinity` makes it.
  const ScenarioConfig zero =
      load_scenario_text(replace(kValid, "      server: chat\n",
                                 "      server: chat\n      reconnection_attempts: 0\n"),
                         "z.yaml");
  EXPECT_FALSE(zero.realtime.clients[0].spec.options.reconnection_attempts);
}

// kValid with these lines added to the server `chat` (line 13 on).
std::string with_server_keys(const std::string& lines) {
  return replace(kValid, "      node: server\n", "      node: server\n" + lines);
}

TEST(RealtimeLoader, ClientScriptSizesScaleAsTheReferenceFileCompresses) {
  const auto script = [](const std::string& lines) {
    return load_scenario_text(with_server_keys(lines), "s.yaml")
        .realtime.servers[0]
        .spec.client_script;
  };
  // 1 MB compresses as socket.io.js does: 37,660 and 31,553 of every 155,836 bytes.
  EXPECT_EQ(script("      client_script_size: 1MB\n"),
            (realtime::ClientScript{1'000'000, 241'664, 202'476}));
  // Only a compressed size: the reference file with that body.
  EXPECT_EQ(script("      client_script_br_size: 20KB\n"),
            (realtime::ClientScript{155'836, 37'660, 20'000}));
  // The reference's own sizes are the reference file: it has the measured chunks (5 for gzip,
  // where 16 KiB buffers would make 4).
  const realtime::ClientScript same =
      script("      client_script_size: 155836B\n      client_script_gzip_size: 37660B\n");
  EXPECT_EQ(same, realtime::ClientScript{});
  EXPECT_EQ(same.chunks(http::ContentCoding::Gzip).size(), 5u);
  // A tiny file still has a gzip container.
  EXPECT_EQ(script("      client_script_size: 0B\n"), (realtime::ClientScript{0, 20, 1}));
}

TEST(RealtimeErrors, ScriptSizesHaveTheirContainersBytesAndAreNotHuge) {
  EXPECT_EQ(error_of(with_server_keys("      client_script_gzip_size: 19B\n")),
            "s.yaml:13:32: realtime.servers.chat.client_script_gzip_size: a gzip body has at "
            "least 20 bytes (RFC 1952: header, an empty block, trailer)");
  EXPECT_EQ(error_of(with_server_keys("      client_script_br_size: 0B\n")),
            "s.yaml:13:30: realtime.servers.chat.client_script_br_size: a brotli body has at "
            "least 1 byte (RFC 7932)");
  EXPECT_EQ(error_of(with_server_keys("      client_script_size: 2GiB\n")),
            "s.yaml:13:27: realtime.servers.chat.client_script_size: at most 1GiB (the server "
            "holds the file in memory)");
}

TEST(RealtimeErrors, UnknownKeysSuggestTheNearestOne) {
  EXPECT_EQ(
      error_of(replace(kValid, "      node: server\n",
                       "      node: server\n      ping_intervall: 10s\n")),
      "s.yaml:13:7: realtime.servers.chat.ping_intervall: unknown key (did you mean "
      "'ping_interval'?); allowed here: node, port, path, ping_interval, ping_timeout, "
      "upgrade_timeout, max_http_buffer_size, transports, allow_upgrades, "
      "per_message_deflate, http_compression_threshold, connect_timeout, "
      "connection_state_recovery, epoch_unix_ms, client_script_size, client_script_gzip_size, "
      "client_script_br_size, keep_alive_timeout, tcp, rooms, rooms_after, listeners, emits, "
      "joins");
  EXPECT_EQ(error_of(replace(kValid, "  servers:", "  server:")),
            "s.yaml:10:3: realtime.server: unknown key (did you mean 'servers'?); allowed here: "
            "servers, clients, mitigations");
  EXPECT_EQ(error_of(replace(kValid, "      server: chat\n",
                             "      server: chat\n      reconection: false\n"))
                .rfind("s.yaml:20:7: realtime.clients.alice.reconection: unknown key (did you mean "
                       "'reconnection'?); allowed here: node, server, fetch_script, ",
                       0),
            0u);
  EXPECT_EQ(error_of(replace(kValid, "{event: news}]", "{event: news, at: 1s, remov_at: 2s}]")),
            "s.yaml:20:41: realtime.clients.alice.listeners[0].remov_at: unknown key (did you "
            "mean 'remove_at'?); allowed here: event, any, at, remove_at, in_connect_handler");
  EXPECT_EQ(
      error_of(replace(kValid, "interval: 1s}", "interval: 1s, too: lobby}")),
      "s.yaml:15:51: realtime.servers.chat.emits[0].too: unknown key (did you mean 'to'?); "
      "allowed here: event, size, at, interval, arrival, start, stop, volatile, ack, to, except, "
      "namespace");
}

TEST(RealtimeErrors, UnknownNodesAndServers) {
  EXPECT_EQ(error_of(replace(kValid, "node: server", "node: sever")),
            "s.yaml:12:13: realtime.servers.chat.node: unknown node 'sever' (did you mean "
            "'server'?)");
  EXPECT_EQ(error_of(replace(kValid, "server: chat", "server: chatt")),
            "s.yaml:19:15: realtime.clients.alice.server: unknown realtime server 'chatt' (did you "
            "mean 'chat'?)");
  EXPECT_EQ(error_of(replace(kValid, "node: laptop", "node: r1")),
            "s.yaml:18:13: realtime.clients.alice.node: 'r1' is a router; applications run on "
            "hosts");
  EXPECT_EQ(error_of(replace(kValid, "node: laptop", "node: server")),
            "s.yaml:18:13: realtime.clients.alice.node: a client runs on another node than its "
            "server ('server')");
  EXPECT_EQ(error_of(replace(replace(kValid, "  r1: {kind: router}", "  island: {}"),
                             "node: laptop", "node: island")),
            "s.yaml:19:15: realtime.clients.alice.server: 'server' (server 'chat') cannot be "
            "reached from 'island' (hosts do not forward; connect them through routers)");
  EXPECT_EQ(
      error_of(replace(kValid, "  clients:", "  clients:\n    chat: {node: laptop, server: chat}")),
      "s.yaml:17:5: realtime.clients.chat: the name 'chat' is already taken by realtime "
      "server 'chat'");
}

TEST(RealtimeErrors, BadValues) {
  EXPECT_EQ(error_of(replace(kValid, "interval: 2s", "interval: 2 sec")),
            "s.yaml:22:46: realtime.clients.alice.emits[0].interval: expected a duration such as "
            "'20ms' (units: ns, us, ms, s, min, h), got '2 sec'");
  EXPECT_EQ(error_of(replace(kValid, "interval: 1s}", "interval: 0s}")),
            "s.yaml:15:47: realtime.servers.chat.emits[0].interval: the interval must be longer "
            "than 0s");
  EXPECT_EQ(error_of(replace(kValid, "      node: server\n",
                             "      node: server\n      ping_timeout: 0s\n")),
            "s.yaml:13:21: realtime.servers.chat.ping_timeout: must be longer than 0s");
  EXPECT_EQ(error_of(replace(kValid, "      node: server\n",
                             "      node: server\n      transports: [polling, polling]\n")),
            "s.yaml:13:29: realtime.servers.chat.transports[1]: listed twice");
  EXPECT_EQ(error_of(replace(kValid, "      node: server\n",
                             "      node: server\n      transports: [webtransport]\n")),
            "s.yaml:13:20: realtime.servers.chat.transports[0]: unknown value 'webtransport'; "
            "expected one of: polling, websocket");
  EXPECT_EQ(error_of(replace(kValid, "      node: server\n",
                             "      node: server\n      per_message_deflate: true\n")),
            "s.yaml:13:28: realtime.servers.chat.per_message_deflate: permessage-deflate (RFC "
            "7692) is not modelled: WebSocket frames go uncompressed");
  EXPECT_EQ(error_of(replace(kValid, "      server: chat\n",
                             "      server: chat\n      reconnection_attempts: lots\n")),
            "s.yaml:20:30: realtime.clients.alice.reconnection_attempts: expected a whole number "
            "of attempts or infinity, got 'lots'");
  EXPECT_EQ(error_of(replace(kValid, "      server: chat\n",
                             "      server: chat\n      randomization_factor: 1.5\n")),
            "s.yaml:20:29: realtime.clients.alice.randomization_factor: expected a number from 0 "
            "to 1, got '1.5'");
  EXPECT_EQ(error_of(replace(kValid, "      server: chat\n",
                             "      server: chat\n      namespace: chat\n")),
            "s.yaml:20:18: realtime.clients.alice.namespace: a namespace starts with '/', e.g. / "
            "or /chat");
}

TEST(RealtimeErrors, Listeners) {
  EXPECT_EQ(error_of(replace(kValid, "[{event: news}]",
                             "[{event: news, in_connect_handler: true, at: 1s}]")),
            "s.yaml:20:63: realtime.clients.alice.listeners[0].at: a listener registered in the "
            "connect handler is added on every connect: it has no `at`");
  EXPECT_EQ(error_of(replace(kValid, "[{event: news}]", "[{at: 1s}]")),
            "s.yaml:20:19: realtime.clients.alice.listeners[0]: a listener needs an `event` (or "
            "`any: true` for onAny)");
  EXPECT_EQ(error_of(replace(kValid, "[{event: news}]", "[{any: true, event: news}]")),
            "s.yaml:20:38: realtime.clients.alice.listeners[0].event: an onAny listener (`any: "
            "true`) hears every event: no `event`");
  EXPECT_EQ(error_of(replace(kValid, "[{event: news}]", "[{event: news, at: 5s, remove_at: 5s}]")),
            "s.yaml:20:52: realtime.clients.alice.listeners[0].remove_at: removed before it is "
            "registered (at: 5s)");
  EXPECT_EQ(error_of(replace(kValid, "[{event: chat}]", "[{event: disconnect}]")),
            "s.yaml:13:27: realtime.servers.chat.listeners[0].event: 'disconnect' is reserved by "
            "Socket.IO (connect, connect_error, disconnect, disconnecting, newListener, "
            "removeListener)");
}

TEST(RealtimeErrors, EmitSchedules) {
  const std::string late =
      replace(kValid, "      server: chat\n", "      server: chat\n      start: 10s\n");
  EXPECT_EQ(error_of(replace(late, "interval: 2s,", "interval: 2s, start: 5s,")),
            "s.yaml:23:57: realtime.clients.alice.emits[0].start: before the client starts (10s): "
            "its page has not run yet");
  EXPECT_EQ(error_of(replace(kValid, "interval: 2s,", "at: 2s, interval: 2s,")),
            "s.yaml:22:54: realtime.clients.alice.emits[0].interval: an emit happens once (`at`) "
            "or every `interval`, not both");
  EXPECT_EQ(error_of(replace(kValid, "interval: 1s}", "stop: 61s, interval: 1s}")),
            "s.yaml:15:43: realtime.servers.chat.emits[0].stop: after the end of the run (60s)");
  EXPECT_EQ(error_of(replace(kValid, "ack: true, timeout: 1s", "timeout: 1s")),
            "s.yaml:22:59: realtime.clients.alice.emits[0].timeout: a timeout is for the "
            "acknowledgement: it goes with `ack: true`");
  EXPECT_EQ(error_of(replace(kValid, "{event: news, size: 100B, interval: 1s}",
                             "{event: news, interval: 1s}")),
            "s.yaml:15:11: realtime.servers.chat.emits[0].size: missing required key");
  EXPECT_EQ(error_of(replace(kValid, "{event: news, size: 100B, interval: 1s}",
                             "{event: connect, size: 1B, at: 1s}")),
            "s.yaml:15:19: realtime.servers.chat.emits[0].event: 'connect' is reserved by "
            "Socket.IO (connect, connect_error, disconnect, disconnecting, newListener, "
            "removeListener)");
}

TEST(RealtimeErrors, GroupsPortsAndStarts) {
  const std::string group =
      replace(kValid, "      server: chat\n", "      server: chat\n      count: 3\n");
  EXPECT_EQ(error_of(replace(group, "  clients:\n",
                             "  clients:\n    alice-2: {node: laptop, server: chat}\n")),
            "s.yaml:18:5: realtime.clients.alice: the name 'alice-2' is already taken by realtime "
            "client 'alice-2'");
  EXPECT_EQ(error_of(replace(group, "count: 3\n", "count: 3\n      stagger: 30s\n")),
            "s.yaml:21:16: realtime.clients.alice.stagger: the last of the 3 clients would start "
            "at 60s, not before the end of the run (60s)");
  EXPECT_EQ(
      error_of(replace(kValid, "      server: chat\n", "      server: chat\n      start: 60s\n")),
      "s.yaml:20:14: realtime.clients.alice.start: the client must start before the end of "
      "the run (60s)");
  const std::string tcp_flow =
      kValid +
      "traffic:\n  web: {transport: tcp, from: laptop, to: server, port: 80, size: 1B, "
      "interval: 1s}\n";
  EXPECT_EQ(error_of(tcp_flow),
            "s.yaml:12:13: realtime.servers.chat.node: port 80 on 'server' is already used by "
            "flow 'web'");
  EXPECT_EQ(
      error_of(replace(tcp_flow, "      node: server\n", "      node: server\n      port: 8080\n")),
      "");
}

TEST(RealtimeErrors, SetOverridesAreCheckedLikeTheFile) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("netsim-realtime-set-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << kValid;
  try {
    load_scenario(compose(file.string(), {parse_override("realtime.servers.chat.ping_interval=5")}),
                  file.string());
    ADD_FAILURE() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "--set realtime.servers.chat.ping_interval=5:1:37: "
                 "realtime.servers.chat.ping_interval: missing unit: expected a duration such as "
                 "'20ms' (units: ns, us, ms, s, min, h), got '5'");
  }
  std::filesystem::remove(file);
}

// --- the run ---------------------------------------------------------------------------------

std::vector<realtime::TimelineEntry> entries(const ScenarioRun& run, const std::string& who,
                                             const std::string& what) {
  std::vector<realtime::TimelineEntry> out;
  for (const auto& e : run.realtime_timeline().entries()) {
    if (e.who == who && e.what == what) out.push_back(e);
  }
  return out;
}

TEST(RealtimeRun, GroupMembersRunTheScriptStaggered) {
  const ScenarioConfig config = load_scenario_text(
      replace(kValid, "      server: chat\n",
              "      server: chat\n      count: 3\n      start: 1s\n      stagger: 500ms\n"),
      "g.yaml");
  ScenarioRun run(config);
  ASSERT_TRUE(run.run());
  ASSERT_EQ(run.realtime_clients().size(), 3u);
  for (int k = 1; k <= 3; ++k) {
    const std::string name = "alice-" + std::to_string(k);
    EXPECT_EQ(run.realtime_clients()[k - 1].name, name);
    EXPECT_EQ(run.realtime_clients()[k - 1].group, "alice");
    const auto opens = entries(run, name, "open");
    ASSERT_EQ(opens.size(), 1u) << name;
    EXPECT_EQ(opens[0].at, at_s(1) + sim::ms(500) * (k - 1));
    EXPECT_EQ(entries(run, name, "connect").size(), 1u);
    EXPECT_TRUE(run.realtime_clients()[k - 1].client->connected());
  }
  // Every emit of a member comes its stagger later: chats at 1, 3, 5, ... s (+0.5 s, +1 s).
  std::vector<sim::Time> firsts(3, sim::Time::max());
  for (const auto& e : run.realtime_events().emitted()) {
    if (e.name != "chat") continue;
    const int k = e.sender.back() - '1';
    firsts[k] = std::min(firsts[k], e.at);
  }
  EXPECT_EQ(firsts[0], at_s(1));
  EXPECT_EQ(firsts[1], at_s(1.5));
  EXPECT_EQ(firsts[2], at_s(2));
}

TEST(RealtimeRun, ListenersInTheConnectHandlerMultiplyAndLateOnesMiss) {
  // The server crashes at 10 s and is back at 15 s (TCP listening again, every session gone).
  // The client's chat at 16 s reaches the restarted host, which answers with a RST: "transport
  // error". It reconnects, and its connect handler adds a second listener.
  const std::string text = replace(
      replace(kValid, "[{event: news}]", "[{event: news, in_connect_handler: true}]"), "links:\n",
      "faults:\n  - {at: 10s, node: server, action: crash, duration: 5s}\nlinks:\n");
  ScenarioRun run(load_scenario_text(text, "c.yaml"));
  ASSERT_TRUE(run.run());
  EXPECT_EQ(entries(run, "chat", "crash").size(), 1u);
  const auto connects = entries(run, "alice", "connect");
  ASSERT_EQ(connects.size(), 2u);
  const auto closes = entries(run, "alice", "eio-close");
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(closes[0].detail, "transport error");
  EXPECT_GT(closes[0].at, at_s(16));
  EXPECT_LT(closes[0].at, at_s(16.1));
  EXPECT_NE(connects[1].detail, connects[0].detail);  // the server forgot the socket: a new id
  int before = 0, after = 0;
  for (const auto& r : run.realtime_events().received()) {
    if (run.realtime_events().name(r.recipient) != "alice") continue;
    if (r.at < connects[1].at) {
      EXPECT_EQ(r.listeners, 1);
      ++before;
    } else {
      EXPECT_EQ(r.listeners, 2);  // handled twice
      ++after;
    }
  }
  EXPECT_GT(before, 5);
  EXPECT_GT(after, 5);
  // Her acknowledged chats at 10, 12 and 14 s timed out (1 s); the one at 16 s was lost with
  // the connection ("socket has been disconnected").
  std::vector<std::string> errors;
  for (const auto& a : run.realtime_events().acks()) {
    if (!a.acknowledged) errors.push_back(a.error);
  }
  EXPECT_EQ(errors,
            (std::vector<std::string>{"operation has timed out", "operation has timed out",
                                      "operation has timed out", "socket has been disconnected"}));
}

}  // namespace
}  // namespace netsim::scenario

namespace netsim::scenario {
namespace {

const std::string kWithMitigations =
    std::string(kValid) +
    "  mitigations: [none, listeners_first, [acks_retries, dedup], state_recovery]\n";

TEST(RealtimeMitigations, ListedStrategiesAndTheirChanges) {
  const ScenarioConfig c = load_scenario_text(kWithMitigations, "m.yaml");
  ASSERT_EQ(c.realtime.mitigations.size(), 4u);
  EXPECT_EQ(c.realtime.mitigations[0].name(), "none");
  EXPECT_EQ(c.realtime.mitigations[2].name(), "acks_retries+dedup");
  const ScenarioConfig a = apply_mitigation(c, c.realtime.mitigations[2]);
  EXPECT_EQ(a.realtime.clients[0].spec.options.retries, 3);
  EXPECT_EQ(a.realtime.clients[0].spec.options.ack_timeout, sim::ms(5000));
  EXPECT_TRUE(a.realtime.clients[0].spec.dedup);
  EXPECT_TRUE(a.realtime.servers[0].spec.dedup);
  EXPECT_FALSE(c.realtime.clients[0].spec.dedup);  // the scenario itself is untouched
  const ScenarioConfig r = apply_mitigation(c, c.realtime.mitigations[3]);
  EXPECT_TRUE(r.realtime.servers[0].spec.options.connection_state_recovery.enabled);
  // describe() writes them back as written.
  const ScenarioConfig again = load_scenario(describe(c), "again");
  ASSERT_EQ(again.realtime.mitigations.size(), 4u);
  EXPECT_EQ(again.realtime.mitigations[2].name(), "acks_retries+dedup");
}

TEST(RealtimeMitigations, ListenersFirstRegistersEverythingAtTheStart) {
  const std::string text =
      replace(replace(kWithMitigations, "      listeners: [{event: news}]",
                      "      start: 3s\n      listeners: [{event: news, in_connect_handler: true}, "
                      "{event: x, at: 10s, remove_at: 20s}]"),
              "      listeners: [{event: chat}]", "      listeners: [{event: chat, after: 2s}]");
  const ScenarioConfig c = load_scenario_text(text, "m.yaml");
  const ScenarioConfig l = apply_mitigation(c, c.realtime.mitigations[1]);
  for (const apps::ClientListenerScript& s : l.realtime.clients[0].script.listeners) {
    EXPECT_FALSE(s.in_connect_handler);
    EXPECT_EQ(s.at, sim::Time::zero() + sim::sec(3));
    EXPECT_FALSE(s.remove_at);
  }
  EXPECT_EQ(l.realtime.servers[0].script.listeners[0].after, sim::Duration::zero());
}

TEST(RealtimeMitigations, UnknownOrRepeatedStrategiesAreLocatedErrors) {
  EXPECT_EQ(error_of(std::string(kValid) + "  mitigations: [none, retry]\n"),
            "s.yaml:23:23: realtime.mitigations[1]: unknown mitigation 'retry' (one of: none, "
            "listeners_first, on_any, acks_retries, server_replay, state_recovery, dedup)");
  EXPECT_EQ(error_of(std::string(kValid) + "  mitigations: [dedup, [dedup]]\n"),
            "s.yaml:23:24: realtime.mitigations[1]: the strategy 'dedup' is listed twice");
}

}  // namespace
}  // namespace netsim::scenario

namespace netsim::scenario {
namespace {

// alice's page opens "/admin" too (io("/admin") on the same page: multiplexing).
const std::string kMultiplexed =
    kValid + "    admin:\n      multiplex_with: alice\n      namespace: /admin\n";

TEST(RealtimeErrors, MultiplexedClientsTakeTheConnectionOfTheOther) {
  EXPECT_EQ(error_of(kMultiplexed), "");
  // The connection's keys are alice's.
  EXPECT_EQ(error_of(kMultiplexed + "      node: laptop\n"),
            "s.yaml:26:13: realtime.clients.admin.node: `node` belongs to the connection, which "
            "is the one of 'alice' (multiplex_with): set it there");
  EXPECT_EQ(error_of(kMultiplexed + "      transports: [websocket]\n"),
            "s.yaml:26:19: realtime.clients.admin.transports: `transports` belongs to the "
            "connection, which is the one of 'alice' (multiplex_with): set it there");
  EXPECT_EQ(error_of(replace(kMultiplexed, "multiplex_with: alice", "multiplex_with: alise")),
            "s.yaml:24:23: realtime.clients.admin.multiplex_with: unknown realtime client 'alise' "
            "(a client shares the page of one defined above it) (did you mean 'alice'?)");
  // lookup.ts: the same namespace twice on a page is two connections, not one.
  EXPECT_EQ(error_of(replace(kMultiplexed, "      namespace: /admin\n", "")),
            "s.yaml:24:7: realtime.clients.admin.namespace: missing required key");
  EXPECT_EQ(error_of(replace(kMultiplexed, "namespace: /admin", "namespace: /")),
            "s.yaml:25:18: realtime.clients.admin.namespace: 'alice' already joins '/' on this "
            "connection (socket.io-client would open another one for it: drop multiplex_with)");
  EXPECT_EQ(error_of(kMultiplexed + "      count: 2\n"),
            "s.yaml:26:14: realtime.clients.admin.count: a client multiplexed with 'alice' has "
            "its count (1): member k shares the connection of member k");
  // A start the page's stagger pushes past the end of the run.
  const std::string staggered = replace(kMultiplexed, "      server: chat\n",
                                        "      server: chat\n      count: 3\n      stagger: 20s\n");
  EXPECT_EQ(error_of(staggered), "");
  EXPECT_EQ(error_of(staggered + "      start: 30s\n"),
            "s.yaml:28:14: realtime.clients.admin.start: the last of the 3 clients would start at "
            "70s, not before the end of the run (60s)");
  // A third socket on the page, through admin: its namespace must differ from both.
  const std::string third = kMultiplexed + "    ops:\n      multiplex_with: admin\n";
  EXPECT_EQ(error_of(third + "      namespace: /ops\n"), "");
  EXPECT_EQ(error_of(third + "      namespace: /admin\n"),
            "s.yaml:28:18: realtime.clients.ops.namespace: 'admin' already joins '/admin' on "
            "this connection (socket.io-client would open another one for it: drop "
            "multiplex_with)");
}

}  // namespace
}  // namespace netsim::scenario

namespace netsim::scenario {
namespace {

TEST(RealtimeRun, AMultiplexedGroupSharesItsConnectionsMemberByMember) {
  // alice-1 and alice-2 (1 s apart) each open "/admin" on their own page, on their connection.
  const std::string text = replace(kMultiplexed, "      server: chat\n",
                                   "      server: chat\n      count: 2\n      stagger: 1s\n") +
                           "      listeners: [{event: alert}]\n";
  ScenarioRun run(load_scenario_text(
      replace(text, "        - {event: news, size: 100B, interval: 1s}\n",
              "        - {event: news, size: 100B, interval: 1s}\n"
              "        - {event: alert, namespace: /admin, size: 10B, interval: 5s, start: 3s}\n"),
      "m.yaml"));
  ASSERT_TRUE(run.run());
  std::vector<std::string> names;
  for (const RealtimeClientRun& c : run.realtime_clients()) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"alice-1", "alice-2", "admin-1", "admin-2"}));
  for (int k = 1; k <= 2; ++k) {
    const std::string alice = "alice-" + std::to_string(k);
    const std::string admin = "admin-" + std::to_string(k);
    EXPECT_EQ(entries(run, alice, "open").size(), 1u) << alice;
    EXPECT_TRUE(entries(run, admin, "open").empty()) << admin;
    // The page's start and stagger: both CONNECTs on the member's one connection, which is
    // long-polling then: one POST in flight (engine.io-client polling `writable`), so "/admin"'s
    // CONNECT follows "/"'s one POST round trip (20 ms) later.
    const auto alice_connect = entries(run, alice, "connect");
    const auto admin_connect = entries(run, admin, "connect");
    ASSERT_EQ(alice_connect.size(), 1u) << alice;
    ASSERT_EQ(admin_connect.size(), 1u) << admin;
    EXPECT_EQ(entries(run, alice, "open")[0].at, at_s(k - 1));
    EXPECT_GE(admin_connect[0].at - alice_connect[0].at, sim::ms(20)) << admin;
    EXPECT_LT(admin_connect[0].at - alice_connect[0].at, sim::ms(21)) << admin;
    EXPECT_EQ(run.realtime_clients()[k + 1].node, "laptop");
  }
  // Alerts reach the "/admin" sockets only, news the "/" ones only.
  int alerts = 0;
  for (const auto& r : run.realtime_events().received()) {
    const std::string& who = run.realtime_events().name(r.recipient);
    const std::string& event = run.realtime_events().emitted()[r.id].name;
    if (who == "chat") continue;
    EXPECT_EQ(event, who.starts_with("admin") ? "alert" : "news") << who;
    alerts += event == "alert" ? 1 : 0;
  }
  EXPECT_GT(alerts, 10);
}

}  // namespace
}  // namespace netsim::scenario
