// Multiplexing (PROTOCOLS §8.4): the sockets of one page on different namespaces share their
// Manager, so one Engine.IO connection — one TCP connection, one sid, one heartbeat — with a
// CONNECT per namespace on it (SIO-SPEC v5). Socket by socket they join and leave; the
// connection closes with the last one (manager.ts `_destroy`), and a reconnection brings every
// socket back.
#include <gtest/gtest.h>

#include "models/realtime/delivery_accounting.h"
#include "tests/realtime/realtime_fixture.h"

namespace netsim::realtime {
namespace {

using testing::ms_of;
using testing::RealtimeNet;

// `io(url + nsp, {transports: ["websocket"]})`.
ClientSpec websocket_client(std::string name, std::string nsp = "/") {
  ClientSpec spec;
  spec.name = std::move(name);
  spec.nsp = std::move(nsp);
  spec.options.transports = {socketio::Transport::WebSocket};
  return spec;
}

// A page with a socket on "/" (main, the page's first: the Manager's name) and one on "/admin"
// (admin) on the same Manager, WebSocket only; neither connected yet.
class Multiplex : public ::testing::Test {
 protected:
  RealtimeNet net;
  Client& main = net.add_client(websocket_client("main"));
  Client& admin = net.add_socket(main, websocket_client("admin", "/admin"));
};

TEST_F(Multiplex, two_namespaces_share_one_connection_and_one_engine_session) {
  main.connect();
  admin.connect();
  net.run_until_ms(1000);
  ASSERT_TRUE(main.connected()) << net.dump();
  ASSERT_TRUE(admin.connected()) << net.dump();
  // One TCP connection, one WebSocket, one Engine.IO open packet: the Manager's, named after
  // the page's first socket.
  EXPECT_EQ(net.entries("main", "open").size(), 1u);
  EXPECT_EQ(net.entries("main", "ws-open").size(), 1u);
  EXPECT_EQ(net.entries("main", "eio-open").size(), 1u);
  EXPECT_TRUE(net.entries("admin", "open").empty());
  EXPECT_TRUE(net.entries("admin", "eio-open").empty());
  // Both CONNECTs (`40` and `40/admin,`) leave on the open packet: both acks one RTT after it,
  // at 60 ms as for a lone socket (Session.websocket_only_handshake_takes_three_round_trips).
  ASSERT_EQ(net.entries("admin", "connect").size(), 1u);
  EXPECT_EQ(ms_of(net.entries("main", "connect")[0].at), 60);
  EXPECT_EQ(ms_of(net.entries("admin", "connect")[0].at), 60);
  // The server: two sockets, with their own ids, in one Engine.IO session.
  ASSERT_EQ(net.app.sockets.size(), 2u);
  EXPECT_EQ(net.app.sockets[0]->nsp, "/");
  EXPECT_EQ(net.app.sockets[1]->nsp, "/admin");
  EXPECT_EQ(net.app.sockets[0]->session, net.app.sockets[1]->session);
  EXPECT_NE(main.id(), admin.id());
  EXPECT_EQ(net.app.sockets[1]->id, admin.id());
}

TEST_F(Multiplex, a_socket_created_on_an_open_connection_sends_its_connect_at_once) {
  main.connect();
  // socket.ts `connect()`: the Manager is open, so `onopen()` runs now: one RTT to the ack.
  net.at_ms(5000, [](RealtimeNet& n) { n.clients[1]->connect(); });
  net.run_until_ms(6000);
  ASSERT_EQ(net.entries("admin", "connect").size(), 1u) << net.dump();
  EXPECT_EQ(ms_of(net.entries("admin", "connect")[0].at), 5020);
  EXPECT_EQ(net.entries("main", "open").size(), 1u);
}

TEST_F(Multiplex, events_reach_the_socket_of_their_namespace_only) {
  for (Client* c : {&main, &admin}) {
    c->listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
    c->connect();
  }
  net.run_until_ms(100);
  Audience to_admin;
  to_admin.nsp = "/admin";
  net.server->emit(to_admin, "news", 50);
  net.server->emit(Audience{}, "news", 50);  // namespace "/"
  net.run_until_ms(200);
  ASSERT_EQ(net.events.received().size(), 2u);
  EXPECT_EQ(net.events.name(net.events.received()[0].recipient), "admin");
  EXPECT_EQ(net.events.received()[0].id, 0u);
  EXPECT_EQ(net.events.name(net.events.received()[1].recipient), "main");
  EXPECT_EQ(net.events.received()[1].id, 1u);
  // Each emit was meant for the sockets of its namespace only: nobody missed anything.
  const std::vector<Participant> clients{
      {"main", "server", {{sim::Time::zero(), std::nullopt}}, {}, "/"},
      {"admin", "server", {{sim::Time::zero(), std::nullopt}}, {}, "/admin"}};
  const std::vector<Delivery> deliveries = account_deliveries(net.events, clients);
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(deliveries[0].recipient, "admin");
  EXPECT_EQ(deliveries[1].recipient, "main");
  for (const Delivery& d : deliveries) EXPECT_EQ(d.fate, Fate::Handled) << d.recipient;
}

TEST_F(Multiplex, the_connection_outlives_a_socket_that_leaves_and_closes_with_the_last) {
  main.connect();
  admin.connect();
  net.at_ms(1000, [](RealtimeNet& n) { n.clients[1]->disconnect(); });
  net.at_ms(2000, [](RealtimeNet& n) { n.clients[0]->disconnect(); });
  net.run_until_ms(1500);
  // `41/admin,` reaches the server 10 ms later; the engine stays open for "/".
  ASSERT_EQ(net.app.disconnects.size(), 1u) << net.dump();
  EXPECT_EQ(ms_of(net.app.disconnects[0].first), 1010);
  EXPECT_EQ(net.app.disconnects[0].second, "client namespace disconnect");
  EXPECT_TRUE(main.connected());
  EXPECT_FALSE(admin.connected());
  EXPECT_TRUE(net.entries("main", "eio-close").empty());
  net.run_until_ms(60'000);
  // The last socket leaves: `41`, and the connection closes (`_close`: "forced close", no
  // reconnection) before the socket's own "disconnect" (socket.ts: `destroy()`, then
  // `onclose`).
  ASSERT_EQ(net.entries("main", "eio-close").size(), 1u) << net.dump();
  EXPECT_EQ(ms_of(net.entries("main", "eio-close")[0].at), 2000);
  EXPECT_EQ(net.entries("main", "eio-close")[0].detail, "forced close");
  std::vector<std::string> steps;
  for (const TimelineEntry& e : net.timeline.entries()) {
    if (ms_of(e.at) == 2000 && e.who == "main") steps.push_back(e.what + " " + e.detail);
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"eio-close forced close",
                                             "disconnect io client disconnect"}));
  EXPECT_TRUE(net.entries("main", "reconnect-scheduled").empty());
  ASSERT_EQ(net.app.disconnects.size(), 2u);
  EXPECT_EQ(net.app.disconnects[1].second, "client namespace disconnect");
  EXPECT_EQ(net.server->connected_sockets(), 0u);
}

TEST_F(Multiplex, a_cable_cut_drops_every_socket_and_one_reconnection_brings_them_back) {
  main.connect();
  admin.connect();
  const std::string first_admin_id = [&] {
    net.run_until_ms(1000);
    return admin.id();
  }();
  net.at_ms(30'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(100'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.run_until_ms(200'000);
  // One heartbeat for the connection: both sockets see its "ping timeout" at the same instant,
  // pingInterval + pingTimeout = 45 s after the last ping the connection received (§7.3).
  const auto main_down = net.entries("main", "disconnect");
  const auto admin_down = net.entries("admin", "disconnect");
  ASSERT_EQ(main_down.size(), 1u) << net.dump();
  ASSERT_EQ(admin_down.size(), 1u) << net.dump();
  EXPECT_EQ(main_down[0].detail, "ping timeout");
  EXPECT_EQ(admin_down[0].detail, "ping timeout");
  EXPECT_EQ(main_down[0].at, admin_down[0].at);
  std::vector<TimelineEntry> pings;
  for (const TimelineEntry& e : net.entries("main", "ping"))
    if (e.at < main_down[0].at) pings.push_back(e);
  ASSERT_EQ(pings.size(), 1u) << net.dump();
  EXPECT_EQ(main_down[0].at, pings[0].at + sim::ms(45'000));
  EXPECT_TRUE(net.entries("admin", "ping").empty());
  // One Manager reconnects (after the link is back), then each socket sends its CONNECT again
  // and gets a new id.
  EXPECT_EQ(main.reconnections(), 1u);
  EXPECT_EQ(admin.reconnections(), 1u);
  EXPECT_EQ(net.entries("main", "eio-open").size(), 2u);
  ASSERT_TRUE(main.connected()) << net.dump();
  ASSERT_TRUE(admin.connected()) << net.dump();
  ASSERT_EQ(net.entries("admin", "connect").size(), 2u);
  // Both CONNECTs leave on the new open packet; the two acks are two frames, so the second
  // lands a transmission time (tens of µs at 10 Mbit/s) after the first.
  const sim::Time main_back = net.entries("main", "connect")[1].at;
  const sim::Time admin_back = net.entries("admin", "connect")[1].at;
  EXPECT_GE(admin_back, main_back);
  EXPECT_LT(admin_back, main_back + sim::ms(1));
  EXPECT_NE(admin.id(), first_admin_id);
  EXPECT_EQ(net.server->connected_sockets(), 2u);
}

}  // namespace
}  // namespace netsim::realtime
