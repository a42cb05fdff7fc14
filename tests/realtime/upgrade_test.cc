// HTTP long-polling and the upgrade to WebSocket (EIO-SPEC "Upgrade"; engine.io-client
// socket.ts `_probe`, engine.io socket.ts `_maybeUpgrade`), over the simulated network: the
// default client (`transports: ["polling", "websocket"]`) handshakes over polling, probes a
// WebSocket, pauses polling, and switches — losing and reordering nothing on the way.
#include <gtest/gtest.h>

#include "tests/realtime/realtime_fixture.h"

namespace netsim::realtime {
namespace {

using testing::ms_of;
using testing::RealtimeNet;

ClientSpec default_client() {
  ClientSpec spec;
  spec.name = "c1";
  return spec;
}

TEST(Upgrade, polling_handshake_probe_noop_and_switch) {
  RealtimeNet net;
  Client& c = net.add_client(default_client());
  c.connect();
  net.run_until_ms(2000);
  ASSERT_TRUE(c.connected()) << net.dump();
  // Handshake over polling: TCP (1 RTT), GET → open packet (1 RTT) at ~40 ms.
  const auto eio = net.entries("c1", "eio-open");
  ASSERT_EQ(eio.size(), 1u);
  EXPECT_EQ(ms_of(eio[0].at), 40);
  const auto server_open = net.entries("server", "eio-open");
  ASSERT_EQ(server_open.size(), 1u);
  EXPECT_NE(server_open[0].detail.find("polling"), std::string::npos);
  // The probe, and the server's noop 100 ms after `2probe` releasing the pending GET; the
  // client sends `5` when that GET completes.
  const auto upgrading = net.entries("server", "upgrading");
  const auto upgraded = net.entries("server", "upgrade");
  const auto client_upgrade = net.entries("c1", "upgrade");
  ASSERT_EQ(upgrading.size(), 1u) << net.dump();
  ASSERT_EQ(upgraded.size(), 1u);
  ASSERT_EQ(client_upgrade.size(), 1u);
  EXPECT_GE(upgraded[0].at - upgrading[0].at, sim::ms(120));  // noop + 1 RTT
  EXPECT_LT(upgraded[0].at - upgrading[0].at, sim::ms(122));
  EXPECT_LT(client_upgrade[0].at, upgraded[0].at);
  // The Socket.IO connection was made over polling, before the upgrade finished.
  EXPECT_LT(net.entries("c1", "connect")[0].at, client_upgrade[0].at);
}

// Whether a range of `state` holds `p`.
bool covers(const net::ReceiveState& state, const void* p) {
  const auto* at = static_cast<const char*>(p);
  for (std::size_t i = 0; i < state.size(); ++i) {
    const auto* begin = static_cast<const char*>(state.address(i));
    if (begin <= at && at < begin + state.bytes(i)) return true;
  }
  return false;
}

// Every message on the WebSocket reads the socket's fields (its namespace, its listeners, whether
// it deduplicates): the WebSocket's TCP connection lists them, with the transport's and the
// Manager's, for a link to fetch ahead of a broadcast's arrivals (net::ReceiveState). Polling's
// connections do not. (The transport and the Manager are not reachable from here: the Client's
// fields stand for them.)
TEST(Upgrade, the_websocket_connection_lists_what_a_message_reads) {
  RealtimeNet net;
  Client& c = net.add_client(default_client());
  c.connect();
  net.run_until_ms(2000);
  ASSERT_TRUE(c.connected()) << net.dump();
  ASSERT_FALSE(net.entries("c1", "upgrade").empty());
  const std::vector<tcp::TcpSocket*>& sockets = net.tcp_client->sockets();
  ASSERT_EQ(sockets.size(), 3U);  // polling's GET and POST connections, and the WebSocket's
  int listing = 0;
  for (const tcp::TcpSocket* s : sockets) {
    SCOPED_TRACE(s->local_port());
    if (!covers(s->receive_state(), &c)) continue;
    ++listing;
    EXPECT_TRUE(covers(s->receive_state(), &c.listeners()));
    EXPECT_TRUE(covers(s->receive_state(), &c.spec().nsp));
    EXPECT_TRUE(covers(s->receive_state(), &c.spec().dedup));  // read by every event
  }
  EXPECT_EQ(listing, 1);
}

// Server ticks every 10 ms, client chats every 10 ms, across the upgrade.
void traffic(RealtimeNet& n, int k) {
  n.server->emit(Audience{}, "tick", 30);
  n.clients[0]->emit("chat", 30);
  (void)k;
}

TEST(Upgrade, loses_and_reorders_nothing) {
  RealtimeNet net;
  Client& c = net.add_client(default_client());
  c.listeners().add("tick", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.every_ms(0, 10, 2000, traffic);
  net.run_until_ms(3000);
  ASSERT_EQ(net.entries("c1", "upgrade").size(), 1u) << net.dump();
  const sim::Time connected = net.entries("server", "connect")[0].at;
  std::vector<std::uint64_t> ticks_sent, chats_sent, ticks_got, chats_got;
  for (const EmittedEvent& e : net.events.emitted()) {
    if (e.name == "chat") chats_sent.push_back(e.id);
    // The server emits to connected sockets only: ticks before the connection reach nobody.
    if (e.name == "tick" && e.at >= connected) ticks_sent.push_back(e.id);
  }
  for (const ReceivedEvent& r : net.events.received()) {
    (net.events.name(r.recipient) == "c1" ? ticks_got : chats_got).push_back(r.id);
  }
  EXPECT_EQ(ticks_got, ticks_sent);  // every one, in order
  EXPECT_EQ(chats_got, chats_sent);  // the client's buffer and queue included
  EXPECT_GT(ticks_sent.size(), 150u);
  EXPECT_EQ(c.unhandled_events(), 0u);
}

TEST(Upgrade, server_without_websocket_keeps_the_session_on_polling) {
  ServerSpec spec;
  spec.options.transports = {socketio::Transport::Polling};
  RealtimeNet net(spec);
  Client& c = net.add_client(default_client());
  c.listeners().add("tick", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.every_ms(0, 10, 1000, traffic);
  net.run_until_ms(60'000);
  EXPECT_TRUE(net.entries("c1", "upgrade").empty());
  EXPECT_TRUE(net.entries("c1", "ws-open").empty());  // `upgrades: []`: no probe
  EXPECT_TRUE(c.connected());
  // Heartbeats over polling keep the session alive past pingInterval + pingTimeout.
  EXPECT_GE(net.entries("c1", "ping").size(), 2u);
  EXPECT_TRUE(net.entries("c1", "eio-close").empty());
  EXPECT_GT(net.events.received().size(), 150u);
}

}  // namespace
}  // namespace netsim::realtime
