// Per-event accounting: each cause of a missed event, reproduced in a small deterministic run,
// yields exactly the expected fate for each (event, recipient).
#include <gtest/gtest.h>

#include <map>

#include "models/realtime/delivery_accounting.h"
#include "tests/realtime/realtime_fixture.h"

namespace netsim::realtime {
namespace {

using testing::RealtimeNet;

ClientSpec client(std::string name, bool websocket_only = true) {
  ClientSpec spec;
  spec.name = std::move(name);
  if (websocket_only) spec.options.transports = {socketio::Transport::WebSocket};
  return spec;
}

std::vector<Participant> everyone(const RealtimeNet& net) {
  std::vector<Participant> out;
  for (const auto& c : net.clients) {
    out.push_back(
        {c->spec().name, "server", {{sim::Time::zero(), std::nullopt}}, {}, c->spec().nsp});
  }
  return out;
}

// Fates of the events named `event`, in emit order, for `recipient`.
std::vector<Fate> fates(const RealtimeNet& net, const std::string& event,
                        const std::string& recipient) {
  std::vector<Fate> out;
  for (const Delivery& d : account_deliveries(net.events, everyone(net))) {
    if (net.events.emitted()[d.event].name == event && d.recipient == recipient) {
      out.push_back(d.fate);
    }
  }
  return out;
}

void news(RealtimeNet& n, int) { n.server->emit(Audience{}, "news", 20); }

TEST(Accounting, listener_registered_after_the_first_events_leaves_them_unhandled) {
  RealtimeNet net;
  Client& c = net.add_client(client("c1"));
  c.listeners().add("news", {sim::Time::from_ns(0) + sim::ms(2500), std::nullopt});
  c.connect();
  net.every_ms(1000, 1000, 5000, news);  // 1, 2, 3, 4 s
  net.run_until_ms(6000);
  EXPECT_EQ(fates(net, "news", "c1"),
            (std::vector<Fate>{Fate::Unhandled, Fate::Unhandled, Fate::Handled, Fate::Handled}));
}

TEST(Accounting, listener_in_the_connect_handler_duplicates_after_a_reconnect) {
  RealtimeNet net;
  // socket.on("connect", () => socket.on("news", …)): one more listener at each connect.
  struct RegisterOnConnect final : ClientApp {
    void on_connect(Client& cl, sim::Time now) override {
      cl.listeners().add("news", {now, std::nullopt});
    }
  };
  RegisterOnConnect app;
  ClientSpec spec = client("c1");
  net.clients.push_back(std::make_unique<Client>(
      net.simulator, *net.tcp_client, net.directory, net.network.node(1).address(),
      net.streams.stream("c1-app"), spec, &app, &net.events, &net.timeline));
  net.clients[0]->connect();
  net.at_ms(10'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(80'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.every_ms(5000, 100'000, 200'000, news);  // 5 s and 105 s
  net.run_until_ms(120'000);
  ASSERT_EQ(net.entries("c1", "connect").size(), 2u) << net.dump();
  EXPECT_EQ(fates(net, "news", "c1"), (std::vector<Fate>{Fate::Handled, Fate::Duplicated}));
}

TEST(Accounting, outage_longer_than_heartbeat_detection_loses_in_flight_then_skips) {
  // Link down 10 s → 80 s, no recovery: news written into the dead connection until the server
  // detects it (~45 s) is lost in flight; news after that is not sent (the client is gone);
  // news after the reconnection is handled.
  RealtimeNet net;
  Client& c = net.add_client(client("c1"));
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.at_ms(10'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(80'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.every_ms(5000, 20'000, 120'000, news);  // 5, 25, 45, 65, 85, 105 s
  net.run_until_ms(120'000);
  const sim::Time server_gave_up = net.entries("server", "eio-close").at(0).at;
  ASSERT_GT(server_gave_up, sim::Time::from_ns(0) + sim::ms(45'000));  // after the 45 s emit
  ASSERT_LT(server_gave_up, sim::Time::from_ns(0) + sim::ms(65'000));
  EXPECT_EQ(fates(net, "news", "c1"),
            (std::vector<Fate>{Fate::Handled, Fate::LostInFlight, Fate::LostInFlight, Fate::NotSent,
                               Fate::Handled, Fate::Handled}));
}

TEST(Accounting, outage_shorter_than_heartbeat_detection_only_delays) {
  // Link down 10 s → 25 s: TCP retransmits what was written meanwhile, nobody disconnects, and
  // every news arrives — late, but handled.
  RealtimeNet net;
  Client& c = net.add_client(client("c1"));
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.at_ms(10'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(25'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.every_ms(5000, 5000, 40'000, news);  // 5, 10, …, 35 s
  net.run_until_ms(60'000);
  EXPECT_EQ(fates(net, "news", "c1"), std::vector<Fate>(7, Fate::Handled));
  EXPECT_TRUE(net.entries("c1", "eio-close").empty());
  for (const Delivery& d : account_deliveries(net.events, everyone(net))) {
    const sim::Time emitted = net.events.emitted()[d.event].at;
    if (emitted > sim::Time::from_ns(0) + sim::ms(10'000) &&
        emitted < sim::Time::from_ns(0) + sim::ms(25'000)) {
      EXPECT_GT(*d.handled_at, sim::Time::from_ns(0) + sim::ms(25'000));  // after the outage
    }
  }
}

TEST(Accounting, server_restart_misses_what_is_emitted_before_the_client_is_back) {
  // The server process is killed at 10 s and listens again at 12 s: news at 11 s finds no
  // socket (not sent), news after the reconnection is handled.
  RealtimeNet net;
  Client& c = net.add_client(client("c1"));
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.at_ms(10'000, [](RealtimeNet& n) { n.server->kill(); });
  net.at_ms(12'000, [](RealtimeNet& n) { n.server->listen(); });
  net.every_ms(9000, 2000, 20'000, news);  // 9, 11, 13, …, 19 s
  net.run_until_ms(25'000);
  const std::vector<Fate> f = fates(net, "news", "c1");
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0], Fate::Handled);
  EXPECT_EQ(f[1], Fate::NotSent);
  EXPECT_EQ(f.back(), Fate::Handled);
}

TEST(Accounting, broadcasts_to_a_room_not_joined_yet_miss_the_socket) {
  // The server's connection handler awaits 1 s before socket.join("lobby"): a broadcast to the
  // lobby in that second finds the client's socket outside it (not sent), the next one reaches it.
  struct LateJoin final : ServerApp {
    sim::Simulator* simulator = nullptr;
    void on_connection(Server& server, ServerSocket& socket, sim::Time now) override {
      struct Join {
        Server* server;
        ServerSocket* s;
        void operator()() const { server->join(*s, "lobby"); }
      };
      simulator->schedule_at(now + sim::ms(1000), Join{&server, &socket});
    }
  };
  RealtimeNet net;
  LateJoin app;
  app.simulator = &net.simulator;
  net.server = std::make_unique<Server>(net.simulator, *net.tcp_server, net.directory,
                                        net.streams.stream("server-late-join"), ServerSpec{}, &app,
                                        &net.events, &net.timeline);
  Client& c = net.add_client(client("c1"));
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.every_ms(500, 1000, 2000, [](RealtimeNet& n, int) {
    Audience lobby;
    lobby.rooms = {"lobby"};
    n.server->emit(lobby, "news", 20);
  });
  net.run_until_ms(3000);
  std::vector<Fate> f;
  for (const Delivery& d : account_deliveries(net.events, everyone(net), {{"server", {"lobby"}}})) {
    f.push_back(d.fate);
  }
  EXPECT_EQ(f, (std::vector<Fate>{Fate::NotSent, Fate::Handled}));
}

TEST(Accounting, connection_state_recovery_turns_those_misses_into_recovered) {
  ServerSpec spec;
  spec.options.connection_state_recovery.enabled = true;
  RealtimeNet net(spec);
  Client& c = net.add_client(client("c1"));
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.at_ms(10'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(80'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.every_ms(5000, 20'000, 120'000, news);
  net.run_until_ms(120'000);
  EXPECT_EQ(fates(net, "news", "c1"),
            (std::vector<Fate>{Fate::Handled, Fate::Recovered, Fate::Recovered, Fate::Recovered,
                               Fate::Handled, Fate::Handled}));
}

TEST(Accounting, client_emits_while_offline_are_late_or_lost) {
  // The client emits every 10 s while cut off from 10 s to 80 s: emits until it notices
  // (~45 s) go into the dead connection (lost); later ones wait in its send buffer and arrive
  // after the reconnection (late).
  RealtimeNet net;
  Client& c = net.add_client(client("c1"));
  c.connect();
  net.at_ms(10'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(80'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.every_ms(5000, 20'000, 100'000, [](RealtimeNet& n, int) { n.clients[0]->emit("chat", 20); });
  net.run_until_ms(120'000);
  EXPECT_EQ(fates(net, "chat", "server"),
            (std::vector<Fate>{Fate::Handled, Fate::LostInFlight, Fate::LostInFlight, Fate::Late,
                               Fate::Handled}));
}

TEST(Accounting, retries_without_an_ack_listener_duplicate_on_the_server) {
  // retries 2 with an ackTimeout shorter than the round trip: every try times out before the
  // server's ack is back, so all three copies go out, and the server handles each: duplicated
  // (the application must deduplicate, socket.io-client CHANGELOG 4.6.0).
  RealtimeNet net;
  ClientSpec spec = client("c1");
  spec.options.retries = 2;
  spec.options.ack_timeout = sim::ms(5);  // shorter than the 20 ms round trip: every try times out
  Client& c = net.add_client(spec);
  c.connect();
  net.run_until_ms(100);
  c.emit("chat", 10);
  net.run_until_ms(1000);
  EXPECT_EQ(fates(net, "chat", "server"), (std::vector<Fate>{Fate::Duplicated}));
}

TEST(Accounting, volatile_server_emits_are_dropped_while_polling_has_no_get_pending) {
  // Over long-polling the server's transport is writable only while a GET is pending: two
  // volatile emits in the same instant — the first takes the pending GET, the second finds none.
  ServerSpec spec;
  spec.options.transports = {socketio::Transport::Polling};
  RealtimeNet net(spec);
  Client& c = net.add_client(client("c1", false));
  c.listeners().add("tick", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.run_until_ms(500);
  net.server->emit(Audience{}, "tick", 10, /*is_volatile=*/true);
  net.server->emit(Audience{}, "tick", 10, /*is_volatile=*/true);
  net.run_until_ms(1000);
  EXPECT_EQ(fates(net, "tick", "c1"), (std::vector<Fate>{Fate::Handled, Fate::VolatileDropped}));
}

TEST(Mitigation, server_replay_from_the_last_event_id_recovers_lost_and_unsent_events) {
  // The outage of outage_longer_than_heartbeat_detection…, with the application's at-least-once
  // pattern: the client sends the id of the last event it handled, the server replays after it.
  ServerSpec spec;
  spec.replay_missed = true;
  RealtimeNet net(spec);
  ClientSpec cs = client("c1");
  cs.send_last_event_id = true;
  Client& c = net.add_client(cs);
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.at_ms(10'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.at_ms(80'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, true); });
  net.every_ms(5000, 20'000, 120'000, news);
  net.run_until_ms(120'000);
  EXPECT_EQ(fates(net, "news", "c1"),
            (std::vector<Fate>{Fate::Handled, Fate::Replayed, Fate::Replayed, Fate::Replayed,
                               Fate::Handled, Fate::Handled}));
  EXPECT_EQ(net.entries("server", "replay").size(), 1u);
}

TEST(Mitigation, dedup_turns_retried_duplicates_into_one_handling) {
  RealtimeNet net(ServerSpec{});
  net.server.reset();
  ServerSpec spec;
  spec.dedup = true;
  net.server = std::make_unique<Server>(net.simulator, *net.tcp_server, net.directory,
                                        net.streams.stream("server-dedup"), spec, &net.app,
                                        &net.events, &net.timeline);
  ClientSpec cs = client("c1");
  cs.options.retries = 2;
  cs.options.ack_timeout = sim::ms(5);
  Client& c = net.add_client(cs);
  c.connect();
  net.run_until_ms(100);
  c.emit("chat", 10);
  net.run_until_ms(1000);
  EXPECT_EQ(fates(net, "chat", "server"), (std::vector<Fate>{Fate::Handled}));
  int copies = 0;
  for (const ReceivedEvent& r : net.events.received())
    copies += net.events.name(r.recipient) == "server";
  EXPECT_EQ(copies, 3);  // all three copies still crossed the network
}

TEST(Mitigation, dedup_does_not_fix_a_listener_registered_twice) {
  RealtimeNet net;
  ClientSpec cs = client("c1");
  cs.dedup = true;
  Client& c = net.add_client(cs);
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.every_ms(1000, 1000, 2000, news);
  net.run_until_ms(3000);
  EXPECT_EQ(fates(net, "news", "c1"), (std::vector<Fate>{Fate::Duplicated}));
}

}  // namespace
}  // namespace netsim::realtime
