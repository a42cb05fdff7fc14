// Each TCP packet carries, for prefetching only, where the socket that sent it lies and where
// the socket that will receive it lies as far as the sender knows (net::Packet::sender_state,
// receiver_state): a link fetches a burst's receiving sockets a few packets ahead of their
// arrivals (Channel::prefetch_arrivals). The sender learns its peer's socket from the peer's
// packets, so a connection's first segment names none; every later one names the right one.
// A wrong address would change no result, only lose the speed: this test is what notices.
#include <gtest/gtest.h>

#include <vector>

#include "models/net/network.h"
#include "models/net/packet_tap.h"
#include "models/tcp/tcp_layer.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::tcp {
namespace {

constexpr std::uint16_t kPort = 80;

class Acceptor final : public TcpAcceptor {
 public:
  TcpObserver* on_accept(TcpSocket& socket) override {
    accepted = &socket;
    return nullptr;
  }
  TcpSocket* accepted = nullptr;
};

// Every packet that arrives, with what it says of the sockets.
class Arrivals final : public net::PacketTap {
 public:
  struct Arrival {
    net::NodeId at;
    std::uint8_t flags;
    const void* sender;
    const void* receiver;
    std::uint32_t bytes;
  };
  void on_transmit(const net::Channel&, const net::Packet&, sim::Time) override {}
  void on_arrive(const net::Channel& channel, const net::Packet& packet, sim::Time) override {
    log.push_back({channel.to(), packet.tcp.flags, packet.sender_state, packet.receiver_state,
                   packet.state_bytes});
  }
  std::vector<Arrival> log;
};

// Hosts a and b on one 100 Mbit/s link, 100 µs each way, each with its TCP layer; every
// arrival recorded.
class ReceivePrefetch : public ::testing::Test {
 protected:
  ReceivePrefetch() {
    a.set_route(b.id(), &link.forward);
    b.set_route(a.id(), &link.reverse);
    network.set_tap(&arrivals);
  }
  static net::ChannelConfig channel() {
    net::ChannelConfig c;
    c.rate = sim::DataRate::mbps(100);
    c.delay = sim::us(100);
    return c;
  }

  Arrivals arrivals;  // before the network, which keeps a pointer to it
  sim::Simulator simulator;
  sim::RandomStreams streams{1};
  net::Network network{simulator, streams};
  net::Node& a = network.add_node("a");
  net::Node& b = network.add_node("b");
  net::Link& link = network.add_link("l", a.id(), b.id(), channel(), channel());
  TcpLayer tcp_a{a, simulator, streams.stream("iss-a")};
  TcpLayer tcp_b{b, simulator, streams.stream("iss-b")};
};

TEST_F(ReceivePrefetch, PacketsNameTheirSocketsOnceThePeerHasSpoken) {
  Acceptor acceptor;
  tcp_b.listen(kPort, TcpConfig{}, &acceptor);

  TcpSocket& client = tcp_a.connect(b.address(), kPort, TcpConfig{}, nullptr);
  simulator.run_until(sim::Time::zero() + sim::ms(10));
  ASSERT_NE(acceptor.accepted, nullptr);
  const TcpSocket& server = *acceptor.accepted;
  client.send(3000);  // three segments and their ACKs
  simulator.run_until(sim::Time::zero() + sim::sec(1));

  using namespace net::tcp_flags;
  ASSERT_GE(arrivals.log.size(), 6U);
  // SYN: the client knows nothing of the server's socket yet.
  EXPECT_EQ(arrivals.log[0].flags, kSyn);
  EXPECT_EQ(arrivals.log[0].sender, &client);
  EXPECT_EQ(arrivals.log[0].receiver, nullptr);
  // SYN-ACK: the server learnt the client's socket from the SYN.
  EXPECT_EQ(arrivals.log[1].flags, kSyn | kAck);
  EXPECT_EQ(arrivals.log[1].sender, &server);
  EXPECT_EQ(arrivals.log[1].receiver, &client);
  // From the handshake's ACK on, each names the socket it reaches, all of it.
  for (std::size_t i = 2; i < arrivals.log.size(); ++i) {
    SCOPED_TRACE(i);
    const Arrivals::Arrival& arrival = arrivals.log[i];
    const bool to_b = arrival.at == b.id();
    EXPECT_EQ(arrival.sender, to_b ? static_cast<const void*>(&client) : &server);
    EXPECT_EQ(arrival.receiver, to_b ? static_cast<const void*>(&server) : &client);
    EXPECT_EQ(arrival.bytes, sizeof(TcpSocket));
  }
}

// A segment for no connection is answered by the layer, which has no socket to name.
TEST_F(ReceivePrefetch, AResetForNoConnectionNamesNoSocket) {
  tcp_a.connect(b.address(), kPort, TcpConfig{}, nullptr);  // nobody listens on b
  simulator.run_until(sim::Time::zero() + sim::ms(10));

  ASSERT_GE(arrivals.log.size(), 2U);
  EXPECT_EQ(arrivals.log[1].flags, net::tcp_flags::kRst | net::tcp_flags::kAck);
  EXPECT_EQ(arrivals.log[1].sender, nullptr);
  EXPECT_EQ(arrivals.log[1].receiver, nullptr);
}

}  // namespace
}  // namespace netsim::tcp
