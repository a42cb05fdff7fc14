// A server process killed while its host stays up, against the reference:
// tools/validate/kill_golden ran socket.io 4.8.3 in a child process, killed it with SIGKILL and
// restarted it 1.5 s later, with a socket.io-client 4.8.3 client on one transport
// (tests/data/kill_golden.tsv). Linux closed the dead process's connections with a FIN: the
// WebSocket client saw "transport close", the polling one's held GET failed ("transport
// error"); its first reconnection attempt was refused, and after the restart it got a new id.
// Here netsim's server is killed (Server::kill) and listens again after the same 1.5 s.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/realtime/realtime_fixture.h"
#include "tests/tools/golden_tsv.h"

namespace netsim::realtime::testing {
namespace {

std::map<std::string, std::vector<std::string>> read_golden() {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& f : netsim::testing::golden_rows("kill_golden.tsv", 4)) {
    out[f[0]] = {f[1], f[2], f[3]};
  }
  return out;
}

struct Outcome {
  std::string reason;         // the client's Engine.IO close
  std::string refused;        // the error of the first attempt that failed before the restart
  std::string after_restart;  // "new id" or "no new id"
};

Outcome run_case(socketio::Transport transport) {
  RealtimeNet net;
  ClientSpec spec;
  spec.name = "c1";
  spec.options.transports = {transport};
  spec.options.upgrade = false;
  spec.options.reconnection_delay = sim::ms(1000);
  spec.options.randomization_factor = 0;
  Client& c = net.add_client(spec);
  c.connect();
  net.at_ms(1'000, [](RealtimeNet& n) { n.server->kill(); });
  net.at_ms(2'500, [](RealtimeNet& n) { n.server->listen(); });
  net.run_until_ms(10'000);
  Outcome o;
  const auto closes = net.entries("c1", "eio-close");
  if (!closes.empty()) o.reason = closes[0].detail;
  const auto errors = net.entries("c1", "reconnect-error");
  o.refused = !errors.empty() && errors[0].at < sim::Time::from_ns(0) + sim::ms(2'500)
                  ? errors[0].detail
                  : "-";
  const auto connects = net.entries("c1", "connect");
  o.after_restart = connects.size() == 2 && c.connected() &&
                            connects[1].detail.substr(0, 20) != connects[0].detail.substr(0, 20)
                        ? "new id"
                        : "no new id";
  return o;
}

class KillGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    golden_ = read_golden();
    ASSERT_EQ(golden_.size(), 2u) << "tests/data/kill_golden.tsv";
  }
  void expect_matches(const Outcome& netsim, const std::string& name) {
    const std::vector<std::string>& ref = golden_.at(name);
    EXPECT_EQ(netsim.reason, ref[0]) << name;
    EXPECT_EQ(netsim.refused, ref[1]) << name;
    EXPECT_EQ(netsim.after_restart, ref[2]) << name;
  }
  std::map<std::string, std::vector<std::string>> golden_;
};

TEST_F(KillGolden, a_websocket_client_sees_the_dead_process_close_its_connection) {
  expect_matches(run_case(socketio::Transport::WebSocket), "websocket");
}

TEST_F(KillGolden, a_polling_client_sees_its_held_poll_fail) {
  expect_matches(run_case(socketio::Transport::Polling), "polling");
}

}  // namespace
}  // namespace netsim::realtime::testing
