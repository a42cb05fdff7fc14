// Connection state recovery against the reference: tools/validate/recovery_golden ran socket.io
// 4.8.3 and socket.io-client 4.8.3 through three cases (tests/data/recovery_golden.tsv) and
// recorded what came back after the connection died: recovered or not (server and client), the
// same socket id or a new one, which broadcasts the client received after reconnecting, and both
// sides' disconnect reasons. Here netsim runs the same cases with the same options (pingInterval
// 300 ms, pingTimeout 200 ms, maxDisconnectionDuration 2 s, WebSocket only, reconnectionDelay
// without jitter). The reference's client stopped reading its connection; here the link goes
// down, which the heartbeat cannot tell apart.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/realtime/realtime_fixture.h"
#include "tests/tools/golden_tsv.h"

namespace netsim::realtime {
namespace {

using testing::RealtimeNet;

std::map<std::string, std::vector<std::string>> read_golden() {
  std::ifstream in(std::string(NETSIM_SOURCE_DIR) + "/tests/data/recovery_golden.tsv");
  std::map<std::string, std::vector<std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f = netsim::testing::golden_fields(line);
    if (f.size() == 6) out[f[0]] = std::vector<std::string>(f.begin() + 1, f.end());
  }
  return out;
}

// One case as generate.js runs it; the row in the golden file's columns.
std::vector<std::string> run_case(bool first, std::int64_t delay_ms) {
  ServerSpec server;
  server.options.ping_interval = sim::ms(300);
  server.options.ping_timeout = sim::ms(200);
  server.options.connection_state_recovery.enabled = true;
  server.options.connection_state_recovery.max_disconnection_duration = sim::sec(2);
  RealtimeNet net(server);
  ClientSpec spec;
  spec.name = "c1";
  spec.options.transports = {socketio::Transport::WebSocket};
  spec.options.reconnection_delay = sim::ms(delay_ms);
  spec.options.randomization_factor = 0;
  Client& c = net.add_client(spec);
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.run_until_ms(300);
  if (first) net.server->emit(Audience{}, "news", 2);  // n1
  net.run_until_ms(500);
  net.network.set_link_up(*net.link, false);
  // Until both sides have given up on the connection.
  while (net.entries("c1", "disconnect").empty() || net.app.disconnects.empty()) {
    if (net.simulator.now() > sim::Time::from_ns(0) + sim::sec(5)) return {"no disconnect"};
    net.simulator.run_until(net.simulator.now() + sim::ms(10));
  }
  net.network.set_link_up(*net.link, true);
  const std::size_t n2 = net.events.emitted().size();
  net.server->emit(Audience{}, "news", 2);               // n2
  net.server->emit(Audience{}, "news", 1, true);         // v, volatile
  net.server->emit(Audience{}, "news", 1, false, true);  // a, with an ack
  net.simulator.run_until(net.simulator.now() + sim::ms(delay_ms + 1000));

  const auto connects = net.entries("c1", "connect");
  const bool server_recovered =
      !net.server->recovery_attempts().empty() && net.server->recovery_attempts().back().recovered;
  std::string news;
  const char* names[] = {"n2", "v", "a"};
  for (const ReceivedEvent& r : net.events.received()) {
    if (net.events.name(r.recipient) != "c1" || r.id < n2) continue;
    news += (news.empty() ? "" : " ") + std::string(names[r.id - n2]);
  }
  std::vector<std::string> reasons = {"client " + net.entries("c1", "disconnect")[0].detail,
                                      "server " + net.app.disconnects[0].second};
  std::sort(reasons.begin(), reasons.end());
  return {
      server_recovered ? "recovered" : "not recovered",
      c.recovered() ? "recovered" : "not recovered",
      connects.size() == 2 && connects[1].detail.substr(0, 20) == connects[0].detail.substr(0, 20)
          ? "same id"
          : "new id",
      news.empty() ? "-" : news, reasons[0] + ", " + reasons[1]};
}

class RecoveryGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    golden_ = read_golden();
    ASSERT_EQ(golden_.size(), 3u) << "tests/data/recovery_golden.tsv";
  }
  std::map<std::string, std::vector<std::string>> golden_;
};

TEST_F(RecoveryGolden, reconnecting_within_max_disconnection_duration_replays_only_the_stored) {
  // n2 comes back; the volatile v and the acknowledged a were never stored.
  EXPECT_EQ(run_case(true, 500), golden_.at("within"));
}

TEST_F(RecoveryGolden, reconnecting_after_it_gets_a_new_session) {
  EXPECT_EQ(run_case(true, 3000), golden_.at("expired"));
}

TEST_F(RecoveryGolden, a_client_that_had_received_nothing_cannot_recover) {
  EXPECT_EQ(run_case(false, 500), golden_.at("no-event-yet"));
}

}  // namespace
}  // namespace netsim::realtime
