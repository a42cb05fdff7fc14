// A Socket.IO client and server over the simulated TCP and WebSocket, checked against the
// timers of the reference implementation: the WebSocket-only handshake, events both ways,
// heartbeat detection after a cable cut, and reconnection with backo2 delays.
#include <gtest/gtest.h>

#include "tests/realtime/realtime_fixture.h"

namespace netsim::realtime {
namespace {

using testing::ms_of;
using testing::RealtimeNet;

// `io(url, {transports: ["websocket"]})`.
ClientSpec websocket_client(std::string name = "c1") {
  ClientSpec spec;
  spec.name = std::move(name);
  spec.options.transports = {socketio::Transport::WebSocket};
  return spec;
}

TEST(Session, websocket_only_handshake_takes_three_round_trips) {
  RealtimeNet net;
  Client& c = net.add_client(websocket_client());
  c.connect();
  net.run_until_ms(1000);
  ASSERT_TRUE(c.connected()) << net.dump();
  // RTT 20 ms: SYN/SYN-ACK (1 RTT), Upgrade request/101 + open packet (1 RTT), CONNECT `40`
  // and its ack (1 RTT), plus a few hundred µs of transmission at 10 Mbit/s.
  const auto ws = net.entries("c1", "ws-open");
  const auto eio = net.entries("c1", "eio-open");
  const auto connect = net.entries("c1", "connect");
  ASSERT_EQ(ws.size(), 1u);
  ASSERT_EQ(connect.size(), 1u);
  EXPECT_EQ(ms_of(ws[0].at), 40);
  // The open packet is written right after the 101 (a second segment of the same flight).
  EXPECT_GE(eio[0].at, ws[0].at);
  EXPECT_LT(eio[0].at, ws[0].at + sim::ms(1));
  EXPECT_EQ(ms_of(connect[0].at), 60);
  EXPECT_EQ(c.id().size(), 20u);
  ASSERT_EQ(net.app.sockets.size(), 1u);
  EXPECT_EQ(net.app.sockets[0]->id, c.id());
  EXPECT_EQ(net.server->connected_sockets(), 1u);
}

TEST(Session, events_reach_listeners_and_unlistened_ones_are_dropped_and_counted) {
  RealtimeNet net;
  Client& c = net.add_client(websocket_client());
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.run_until_ms(100);
  c.emit("chat", 100);   // the server listens to "chat"
  c.emit("typing", 10);  // nobody listens: dropped silently
  Audience everyone;
  net.server->emit(everyone, "news", 50);
  net.server->emit(everyone, "weather", 50);  // the client does not listen
  net.run_until_ms(200);
  ASSERT_EQ(net.events.emitted().size(), 4u);
  ASSERT_EQ(net.events.received().size(), 4u);
  EXPECT_EQ(net.server->unhandled_events(), 1u);
  EXPECT_EQ(c.unhandled_events(), 1u);
  for (const ReceivedEvent& r : net.events.received()) {
    const EmittedEvent& e = net.events.emitted()[r.id];
    const bool listened = e.name == "chat" || e.name == "news";
    EXPECT_EQ(r.listeners, listened ? 1 : 0) << e.name;
    // One way: 10 ms propagation plus transmission.
    EXPECT_GE(r.at - e.at, sim::ms(10)) << e.name;
    EXPECT_LT(r.at - e.at, sim::ms(11)) << e.name;
  }
}

TEST(Session, heartbeat_detects_a_cable_cut_on_both_sides_at_the_timer_deadlines) {
  RealtimeNet net;
  Client& c = net.add_client(websocket_client());
  c.connect();
  net.at_ms(30'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(100'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.run_until_ms(200'000);

  // Server: pings at 25 s (answered) and 25 s after that pong (lost): "ping timeout" exactly
  // pingTimeout = 20 s after the unanswered ping.
  const auto pings = net.entries("server", "ping");
  const auto server_close = net.entries("server", "eio-close");
  ASSERT_GE(pings.size(), 2u);
  ASSERT_GE(server_close.size(), 1u);
  EXPECT_NE(server_close[0].detail.find("ping timeout"), std::string::npos);
  EXPECT_EQ(server_close[0].at, pings[1].at + sim::ms(20'000));
  EXPECT_GT(pings[1].at, sim::Time::from_ns(0) + sim::ms(50'000));
  // Client: the last ping it received came at ~25 s; it gives up 45 s later.
  const auto client_close = net.entries("c1", "eio-close");
  ASSERT_GE(client_close.size(), 1u);
  std::vector<TimelineEntry> client_pings;
  for (const TimelineEntry& e : net.entries("c1", "ping"))
    if (e.at < client_close[0].at) client_pings.push_back(e);
  ASSERT_EQ(client_pings.size(), 1u) << net.dump();
  EXPECT_EQ(client_close[0].detail, "ping timeout");
  EXPECT_EQ(client_close[0].at, client_pings[0].at + sim::ms(45'000));

  // Reconnection: attempts while the link is down fail (Manager `timeout` 20 s), with backo2
  // delays in the reference ranges; once it is back the client connects with a new id.
  const auto& delays = c.reconnect_delays();
  ASSERT_GE(delays.size(), 2u);
  const std::int64_t lo[] = {551, 1101, 2201, 4401};
  const std::int64_t hi[] = {1499, 2999, 5000, 5000};
  for (std::size_t i = 0; i < delays.size(); ++i) {
    const std::int64_t d = delays[i].ns() / 1'000'000;
    if (i < 4) {
      EXPECT_GE(d, lo[i]) << "attempt " << i + 1;
      EXPECT_LE(d, hi[i]) << "attempt " << i + 1;
    } else {
      EXPECT_EQ(d, 5000) << "attempt " << i + 1;
    }
  }
  const auto connects = net.entries("c1", "connect");
  ASSERT_EQ(connects.size(), 2u);
  EXPECT_GT(connects[1].at, sim::Time::from_ns(0) + sim::ms(100'000));
  EXPECT_NE(connects[1].detail, connects[0].detail);  // a new socket id (no recovery)
  EXPECT_EQ(c.reconnections(), 1u);
  EXPECT_TRUE(c.connected());
  EXPECT_EQ(net.server->connected_sockets(), 1u);
}

TEST(Session, outage_shorter_than_the_heartbeat_deadlines_is_bridged_by_tcp_retransmission) {
  // Link down 30 s → 60 s. The server's ping at ~50 s is lost, but TCP retransmits it (RTO
  // backoff: the copy sent ~15 s later gets through); the pong comes back well within the
  // 20 s pingTimeout and the client's 45 s deadline is refreshed: nobody disconnects.
  RealtimeNet net;
  Client& c = net.add_client(websocket_client());
  c.connect();
  net.at_ms(30'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(60'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.run_until_ms(120'000);
  EXPECT_TRUE(net.entries("c1", "eio-close").empty()) << net.dump();
  EXPECT_TRUE(net.entries("server", "eio-close").empty());
  const auto pings = net.entries("c1", "ping");
  ASSERT_GE(pings.size(), 2u);
  EXPECT_GT(pings[1].at, sim::Time::from_ns(0) + sim::ms(60'000));  // the retransmitted ping
  EXPECT_LT(pings[1].at, sim::Time::from_ns(0) + sim::ms(70'000));
  EXPECT_TRUE(c.connected());
  EXPECT_EQ(net.entries("c1", "connect").size(), 1u);
}

TEST(Session, emits_while_disconnected_are_buffered_and_flushed_before_connect) {
  RealtimeNet net;
  Client& c = net.add_client(websocket_client());
  c.emit("chat", 20);  // before connecting: into the send buffer
  EmitOptions volatile_emit;
  volatile_emit.is_volatile = true;
  c.emit("chat", 20, volatile_emit);  // volatile, transport not writable: dropped
  EXPECT_EQ(c.send_buffer_size(), 1u);
  c.connect();
  net.run_until_ms(1000);
  EXPECT_EQ(c.send_buffer_size(), 0u);
  ASSERT_EQ(net.events.received().size(), 1u);
  EXPECT_EQ(net.events.received()[0].id, 0u);
  EXPECT_EQ(net.events.received()[0].listeners, 1);
}

TEST(Session, page_fetches_the_client_script_before_connecting) {
  // socket.io 4.8.3's socket.io.js as a browser over http: gets it, gzipped (37,660 of its
  // 155,836 bytes), over a fresh TCP connection at 10 Mbit/s with 10 ms each way: the handshake
  // starts once the file has arrived, so the time to the first event includes it.
  RealtimeNet net;
  ClientSpec spec = websocket_client();
  spec.fetch_script = true;
  Client& c = net.add_client(spec);
  c.connect();
  net.run_until_ms(2000);
  ASSERT_TRUE(c.connected()) << net.dump();
  const auto loaded = net.entries("c1", "script-loaded");
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].detail, "200 37660 B gzip");
  const auto open = net.entries("c1", "open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].at, loaded[0].at);
  // No sooner than: the TCP handshake (20 ms), the request (10 ms), the body's serialisation
  // (37,660 B at 10 Mbit/s: 30.1 ms) and its last byte's propagation (10 ms).
  EXPECT_GT(loaded[0].at, sim::Time::from_ns(0) + sim::us(70'100));
  EXPECT_GT(net.entries("c1", "connect")[0].at, loaded[0].at + sim::ms(60));
}

TEST(Session, a_page_that_accepts_no_coding_gets_the_whole_file_later) {
  // Without Accept-Encoding the server streams the file as it is: 155,836 bytes, four times
  // the gzipped body. Both bodies start the same way over the same fresh connection (their
  // headers differ by one 24-byte field), and the 118,176 bytes more can only be serialised
  // after the first 37,660: the page has the file at least 94.5 ms later (10 Mbit/s), less the
  // 24 bytes' 19 µs.
  const auto load = [](std::string accept_encoding) {
    RealtimeNet net;
    ClientSpec spec = websocket_client();
    spec.fetch_script = true;
    spec.accept_encoding = std::move(accept_encoding);
    net.add_client(spec).connect();
    net.run_until_ms(2000);
    const auto loaded = net.entries("c1", "script-loaded");
    EXPECT_EQ(loaded.size(), 1u) << net.dump();
    return loaded.empty() ? TimelineEntry{} : loaded[0];
  };
  const TimelineEntry gzip = load("gzip, deflate");
  const TimelineEntry identity = load("");
  EXPECT_EQ(identity.detail, "200 155836 B");
  EXPECT_GT(identity.at, gzip.at + sim::us(94'500 - 19));
  // The TCP handshake, the request, 124.7 ms of serialisation and 10 ms of propagation.
  EXPECT_GT(identity.at, sim::Time::from_ns(0) + sim::us(164'700));
}

TEST(Session, events_before_an_async_connection_handler_registers_are_dropped) {
  // The server's `connection` handler awaits 100 ms before socket.on("chat"); the CONNECT ack
  // went out before the handler ran, so the client's first emits arrive with no listener.
  RealtimeNet net;
  net.app.handler_delay = sim::ms(100);
  ClientSpec spec = websocket_client();
  Client& c = net.add_client(spec);
  c.connect();
  net.run_until_ms(61);  // connected at ~60.7 ms (see the handshake test)
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 10; ++i) {
    net.simulator.schedule_at(sim::Time::from_ns(0) + sim::ms(61 + 20 * i),
                              [&c] { c.emit("chat", 10); });
  }
  net.run_until_ms(1000);
  ASSERT_EQ(net.events.received().size(), 10u);
  // The server's socket connected at ~50.6 ms: its listener exists 100 ms later. Emits at
  // 61, 81, 101 and 121 ms arrive ~10 ms later, before it: unhandled.
  const sim::Time listening = net.entries("server", "connect")[0].at + sim::ms(100);
  int unhandled = 0;
  for (const ReceivedEvent& r : net.events.received()) {
    EXPECT_EQ(r.listeners == 0, r.at < listening);
    unhandled += r.listeners == 0 ? 1 : 0;
  }
  EXPECT_EQ(unhandled, 4);
  EXPECT_EQ(net.server->unhandled_events(), 4u);
}

TEST(Session, a_killed_server_process_closes_connections_and_clients_storm_back) {
  // The process dies at 10 s (the host stays up: its kernel closes the connections with a FIN)
  // and listens again at 13 s: the WebSocket client sees "transport close" one propagation
  // delay later, its attempts before 13 s are refused (RST to the SYN), and it connects again
  // with the backoff — a new id, the state being gone.
  RealtimeNet net;
  Client& c = net.add_client(websocket_client());
  c.connect();
  net.at_ms(10'000, [](RealtimeNet& n) { n.server->kill(); });
  net.at_ms(13'000, [](RealtimeNet& n) { n.server->listen(); });
  net.run_until_ms(30'000);
  const auto close = net.entries("c1", "eio-close");
  ASSERT_EQ(close.size(), 1u) << net.dump();
  EXPECT_EQ(close[0].detail, "transport close");
  EXPECT_GE(close[0].at, sim::Time::from_ns(0) + sim::ms(10'010));
  EXPECT_LT(close[0].at, sim::Time::from_ns(0) + sim::ms(10'011));
  const auto refused = net.entries("c1", "reconnect-error");
  ASSERT_GE(refused.size(), 1u);
  for (const TimelineEntry& e : refused) EXPECT_LT(e.at, sim::Time::from_ns(0) + sim::ms(13'100));
  const auto connects = net.entries("c1", "connect");
  ASSERT_EQ(connects.size(), 2u);
  EXPECT_GT(connects[1].at, sim::Time::from_ns(0) + sim::ms(13'000));
  EXPECT_NE(connects[1].detail, connects[0].detail);
  EXPECT_TRUE(c.connected());
}

// Holds a TCP connection open and ignores it.
class IdleStream final : public tcp::StreamListener {
 public:
  void on_stream_data(tcp::ByteStream&, std::string_view) override {}
  void on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind) override {}
};

TEST(Session, a_host_out_of_ports_fails_the_attempt_as_a_websocket_error_and_backs_off) {
  // The client's host already holds all 16,384 ephemeral ports towards the server's port (idle
  // connections): the WebSocket's connect() fails with EADDRNOTAVAIL at once, the Manager's
  // open fails with the transport's error (websocket.ts `onerror`: "websocket error") and
  // reconnection takes over with its backoff.
  RealtimeNet net;
  IdleStream idle;
  for (int i = 0; i < 16384; ++i) {
    net.directory.connect(*net.tcp_client, net.network.node(1).address(), 80, {}, &idle);
  }
  net.run_until_ms(1000);
  Client& c = net.add_client(websocket_client());
  net.at_ms(1000, [](RealtimeNet& n) { n.clients[0]->connect(); });
  net.run_until_ms(3000);
  const auto tcp_errors = net.entries("c1", "tcp-error");
  ASSERT_GE(tcp_errors.size(), 2u) << net.dump();
  EXPECT_EQ(ms_of(tcp_errors[0].at), 1000);
  EXPECT_EQ(tcp_errors[0].detail, "EADDRNOTAVAIL: no free local port");
  const auto failed = net.entries("c1", "connect-error");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].detail, "websocket error");
  EXPECT_EQ(failed[0].at, tcp_errors[0].at);
  // The first retry comes after backo2's first delay (551-1499 ms, §11.2), and fails likewise.
  ASSERT_FALSE(c.reconnect_delays().empty());
  const auto retried = net.entries("c1", "reconnect-error");
  ASSERT_GE(retried.size(), 1u);
  EXPECT_EQ(retried[0].at, tcp_errors[0].at + c.reconnect_delays()[0]);
  EXPECT_FALSE(c.connected());
}

TEST(Session, disconnecting_a_socket_that_is_not_connected_reports_no_disconnect) {
  // socket.ts `disconnect()` runs `onclose` only if connected: a socket whose connection is
  // down leaves without a second "disconnect" event.
  RealtimeNet net;
  Client& c = net.add_client(websocket_client());
  c.connect();
  net.at_ms(1000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(80'000, [](RealtimeNet& n) { n.clients[0]->disconnect(); });
  net.run_until_ms(100'000);
  const auto down = net.entries("c1", "disconnect");
  ASSERT_EQ(down.size(), 1u) << net.dump();
  EXPECT_EQ(down[0].detail, "ping timeout");
  // The reconnection it was waiting for is cancelled with the Manager's `_close`.
  for (const TimelineEntry& e : net.entries("c1", "reconnect-attempt")) {
    EXPECT_LT(ms_of(e.at), 80'000);
  }
  EXPECT_FALSE(c.connected());
}

}  // namespace
}  // namespace netsim::realtime
