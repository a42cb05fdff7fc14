// Who a server emit reaches (socket.io-adapter `apply`): sockets in any of the rooms named (or
// all of the namespace), minus those in any `except` room, each once.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/realtime/realtime_fixture.h"

namespace netsim::realtime {
namespace {

using testing::RealtimeNet;

// Joins the k-th socket to connect (0-based) to the rooms listed for it.
struct Rooms final : ServerApp {
  std::map<int, std::vector<std::string>> by_order;
  int connected = 0;
  void on_connection(Server& server, ServerSocket& socket, sim::Time) override {
    const auto it = by_order.find(connected++);
    if (it == by_order.end()) return;
    for (const std::string& room : it->second) server.join(socket, room);
  }
};

// The clients that received the event named `event`, by name.
std::set<std::string> recipients(RealtimeNet& net, std::uint64_t event) {
  std::set<std::string> out;
  for (const ReceivedEvent& r : net.events.received()) {
    if (r.id != event) continue;
    for (const auto& c : net.clients) {
      if (net.events.name_id(c->spec().name) == r.recipient) out.insert(c->spec().name);
    }
  }
  return out;
}

struct AudienceNet {
  Rooms app;
  RealtimeNet net;
  AudienceNet() {
    // c1: red; c2: red, blue; c3: blue, muted; c4: none; c5: red, muted.
    app.by_order = {
        {0, {"red"}}, {1, {"red", "blue"}}, {2, {"blue", "muted"}}, {4, {"red", "muted"}}};
    net.server = std::make_unique<Server>(net.simulator, *net.tcp_server, net.directory,
                                          net.streams.stream("server-rooms"), ServerSpec{}, &app,
                                          &net.events, &net.timeline);
    for (int i = 1; i <= 5; ++i) {
      ClientSpec spec;
      spec.name = "c" + std::to_string(i);
      spec.options.transports = {socketio::Transport::WebSocket};
      Client& c = net.add_client(spec);
      c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
      // One at a time, so that they connect (and join) in this order.
      net.simulator.schedule_at(sim::Time::from_ns(0) + sim::ms(200 * i), [&c] { c.connect(); });
    }
    net.run_until_ms(2000);
  }
  std::set<std::string> emit(std::vector<std::string> rooms, std::vector<std::string> except) {
    Audience a;
    a.rooms = std::move(rooms);
    a.except = std::move(except);
    net.server->emit(a, "news", 20);
    const std::uint64_t id = net.events.emitted().size() - 1;
    net.run_until_ms(testing::ms_of(net.simulator.now()) + 1000);
    return recipients(net, id);
  }
};

using Names = std::set<std::string>;

TEST(Audience, everyone_in_the_namespace_without_rooms) {
  AudienceNet n;
  EXPECT_EQ(n.emit({}, {}), (Names{"c1", "c2", "c3", "c4", "c5"}));
}

TEST(Audience, the_members_of_any_room_named_once_each) {
  AudienceNet n;
  EXPECT_EQ(n.emit({"red"}, {}), (Names{"c1", "c2", "c5"}));
  EXPECT_EQ(n.emit({"blue", "red"}, {}), (Names{"c1", "c2", "c3", "c5"}));
  EXPECT_EQ(n.emit({"nobody-here"}, {}), Names{});
  // c2 is in both rooms: one delivery, not two.
  std::size_t to_c2 = 0;
  const std::uint32_t c2 = n.net.events.name_id("c2");
  for (const ReceivedEvent& r : n.net.events.received()) to_c2 += r.recipient == c2 ? 1 : 0;
  EXPECT_EQ(to_c2, 2u);
}

TEST(Audience, minus_the_members_of_any_room_excepted) {
  AudienceNet n;
  EXPECT_EQ(n.emit({}, {"muted"}), (Names{"c1", "c2", "c4"}));
  EXPECT_EQ(n.emit({"red", "blue"}, {"muted"}), (Names{"c1", "c2"}));
  EXPECT_EQ(n.emit({"blue"}, {"red", "muted"}), Names{});
}

}  // namespace
}  // namespace netsim::realtime
