// Test fixture: hosts a and b on one 100 Mbit/s link, 100 µs each way, each with its TCP layer.
#pragma once

#include <gtest/gtest.h>

#include "models/net/network.h"
#include "models/tcp/tcp_layer.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::tcp::testing {

class TwoTcpHosts : public ::testing::Test {
 protected:
  static net::ChannelConfig link_config() {
    net::ChannelConfig c;
    c.rate = sim::DataRate::mbps(100);
    c.delay = sim::us(100);
    return c;
  }
  // `config` for both directions (a test may raise the queue limit, say).
  explicit TwoTcpHosts(const net::ChannelConfig& config = link_config()) : config_(config) {
    a.set_route(b.id(), &link.forward);
    b.set_route(a.id(), &link.reverse);
  }

  net::ChannelConfig config_;
  sim::Simulator simulator;
  sim::RandomStreams streams{1};
  net::Network network{simulator, streams};
  net::Node& a = network.add_node("a");
  net::Node& b = network.add_node("b");
  net::Link& link = network.add_link("l", a.id(), b.id(), config_, config_);
  TcpLayer tcp_a{a, simulator, streams.stream("iss-a")};
  TcpLayer tcp_b{b, simulator, streams.stream("iss-b")};
};

}  // namespace netsim::tcp::testing
