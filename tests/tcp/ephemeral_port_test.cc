// Ephemeral ports (RFC 6335 §6: 49152-65535, 16,384 of them) are taken in turn and come free
// again when their connection is CLOSED (RFC 9293 §3.3.2: "no connection state at all"), but
// not while it is in TIME-WAIT (§3.3.2: held so that delayed segments of the old connection do
// not reach a new one; 2·MSL, TcpConfig::time_wait_duration). A host that has made more connections
// to one server port than there are ports keeps going, reusing the closed ones; with every port
// held, connect() fails at once (EADDRNOTAVAIL, as a kernel's does). A pair the server holds
// in TIME-WAIT is free at the client, and a new SYN over it takes it over (RFC 6191).
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "models/net/network.h"
#include "models/tcp/byte_stream.h"
#include "tests/tcp/two_tcp_hosts.h"

namespace netsim::tcp {
namespace {

constexpr std::uint16_t kPort = 80;
constexpr int kPorts = 16384;

// The client side: the first connection is closed by the client as soon as it opens (so the
// client holds its pair in TIME-WAIT); every other one waits for the server to close first and
// then closes too (so the client's end goes through LAST-ACK to CLOSED).
class Client final : public StreamListener {
 public:
  void on_stream_open(ByteStream& stream) override {
    ++opened;
    if (&stream == first) stream.close();
  }
  void on_stream_data(ByteStream&, std::string_view) override {}
  void on_stream_peer_closed(ByteStream& stream) override { stream.close(); }
  void on_stream_closed(ByteStream&, TcpEvent::Kind) override {}
  ByteStream* first = nullptr;
  int opened = 0;
};

// The server side: closes every connection but the first as soon as it opens (its TIME-WAIT is
// short, below); the first it closes when the client has.
class Server final : public StreamListener, public TcpAcceptor {
 public:
  explicit Server(StreamDirectory& d) : directory_(d) {}
  TcpObserver* on_accept(TcpSocket& socket) override { return &directory_.accept(socket, this); }
  void on_stream_open(ByteStream& stream) override {
    if (++opened > 1) stream.close();
  }
  void on_stream_data(ByteStream&, std::string_view) override {}
  void on_stream_peer_closed(ByteStream& stream) override { stream.close(); }
  void on_stream_closed(ByteStream&, TcpEvent::Kind) override {}
  int opened = 0;

 private:
  StreamDirectory& directory_;
};

// Hosts a and b on one 100 Mbit/s link (100 µs each way) whose queues hold every segment of
// 16,384 handshakes at once, each host with its TCP layer.
class EphemeralPorts : public testing::TwoTcpHosts {
 protected:
  EphemeralPorts() : TwoTcpHosts(channel()) {}
  static net::ChannelConfig channel() {
    net::ChannelConfig c = link_config();
    c.queue.limit = net::QueueLimit::packets(100'000);
    return c;
  }

  StreamDirectory directory;
};

TEST_F(EphemeralPorts, ClosedPortsAreReusedAndTimeWaitOnesSkipped) {
  Server server(directory);
  TcpConfig server_config;
  server_config.time_wait = sim::ms(100);  // the server's pairs are free again soon
  tcp_b.listen(kPort, server_config, &server);
  const TcpConfig client_config;  // TIME-WAIT 2·MSL = 240 s: the first pair stays held
  Client client;

  // One connection per millisecond: kPorts of them use every port once; one more needs a port
  // again, 16.4 s in, when the first is still in TIME-WAIT and the others are closed.
  struct Opener {
    TcpLayer& layer;
    StreamDirectory& directory;
    net::Ipv4Address server;
    const TcpConfig& config;
    Client& client;
    std::vector<ByteStream*> connections;
    void open() {
      ByteStream& s = directory.connect(layer, server, kPort, config, &client);
      if (client.first == nullptr) client.first = &s;
      connections.push_back(&s);
    }
  } opener{tcp_a, directory, b.address(), client_config, client, {}};
  for (int i = 0; i <= kPorts; ++i) {
    simulator.schedule_at(sim::Time::zero() + sim::ms(i), [o = &opener] { o->open(); });
  }
  simulator.run_until(sim::Time::zero() + sim::sec(20));
  const std::vector<ByteStream*>& connections = opener.connections;

  ASSERT_EQ(connections.size(), static_cast<std::size_t>(kPorts + 1));
  EXPECT_EQ(connections[0]->socket().local_port(), 49152);
  EXPECT_EQ(connections[kPorts - 1]->socket().local_port(), 65535);
  EXPECT_EQ(connections[0]->socket().connection().state(), TcpState::TimeWait);
  // The next port in turn, 49152, is held in TIME-WAIT: the one after it is taken.
  EXPECT_EQ(connections[kPorts]->socket().local_port(), 49153);
  // Both ends opened every connection, the last one over a pair the server had closed.
  EXPECT_EQ(client.opened, kPorts + 1);
  EXPECT_EQ(server.opened, kPorts + 1);
  EXPECT_EQ(connections[kPorts]->socket().connection().state(), TcpState::Closed);
  EXPECT_EQ(connections[1]->socket().connection().state(), TcpState::Closed);
}

// The server closes every connection as soon as it opens: its end holds the pair in TIME-WAIT
// (2·MSL, 240 s), the client's goes through LAST-ACK to CLOSED and its port is free at once.
class Closer final : public StreamListener, public TcpAcceptor {
 public:
  explicit Closer(StreamDirectory& d) : directory_(d) {}
  TcpObserver* on_accept(TcpSocket& socket) override { return &directory_.accept(socket, this); }
  void on_stream_open(ByteStream& stream) override {
    ++opened;
    accepted.push_back(&stream);
    stream.close();
  }
  void on_stream_data(ByteStream&, std::string_view) override {}
  void on_stream_peer_closed(ByteStream& stream) override { stream.close(); }
  void on_stream_closed(ByteStream&, TcpEvent::Kind) override {}
  int opened = 0;
  std::vector<ByteStream*> accepted;

 private:
  StreamDirectory& directory_;
};

TEST_F(EphemeralPorts, Rfc6191ASynOverAPairTheServerHoldsInTimeWaitOpensAtOnce) {
  Closer server(directory);
  tcp_b.listen(kPort, TcpConfig{}, &server);
  Client client;
  std::vector<ByteStream*> connections;
  for (int i = 0; i < kPorts; ++i) {
    connections.push_back(&directory.connect(tcp_a, b.address(), kPort, {}, &client));
  }
  simulator.run_until(sim::Time::zero() + sim::sec(1));
  ASSERT_EQ(server.opened, kPorts);
  ASSERT_EQ(server.accepted[0]->socket().connection().state(), TcpState::TimeWait);
  ASSERT_EQ(connections[0]->socket().connection().state(), TcpState::Closed);

  // Port 49152 again: its pair is in TIME-WAIT at the server for four more minutes. The SYN
  // (a new ISN, beyond the old RCV.NXT) takes it over: one round trip, no retransmission.
  const sim::Time at = simulator.now();
  ByteStream& again = directory.connect(tcp_a, b.address(), kPort, {}, &client);
  ASSERT_EQ(again.socket().local_port(), 49152);
  simulator.run_until(at + sim::ms(1));
  EXPECT_EQ(server.opened, kPorts + 1);
  EXPECT_EQ(client.opened, kPorts + 1);
  EXPECT_EQ(again.socket().connection().stats().syn_retransmissions, 0u);
  EXPECT_EQ(server.accepted[0]->socket().connection().state(), TcpState::Closed);
}

// Every connection stays open: the client's ports are all held.
class Holder final : public StreamListener, public TcpAcceptor {
 public:
  explicit Holder(StreamDirectory& d) : directory_(d) {}
  TcpObserver* on_accept(TcpSocket& socket) override { return &directory_.accept(socket, this); }
  void on_stream_open(ByteStream&) override { ++opened; }
  void on_stream_data(ByteStream&, std::string_view) override {}
  void on_stream_peer_closed(ByteStream& stream) override { stream.close(); }
  void on_stream_closed(ByteStream& stream, TcpEvent::Kind why) override {
    closed.push_back({&stream, why});
  }
  int opened = 0;
  std::vector<std::pair<ByteStream*, TcpEvent::Kind>> closed;

 private:
  StreamDirectory& directory_;
};

TEST_F(EphemeralPorts, WithEveryPortHeldConnectFailsAtOnceWithoutASyn) {
  Holder server(directory);
  Holder client(directory);
  tcp_b.listen(kPort, TcpConfig{}, &server);
  TcpConfig client_config;
  client_config.time_wait = sim::ms(100);
  std::vector<ByteStream*> held;
  for (int i = 0; i < kPorts; ++i) {
    held.push_back(&directory.connect(tcp_a, b.address(), kPort, client_config, &client));
  }
  simulator.run_until(sim::Time::zero() + sim::sec(1));
  ASSERT_EQ(server.opened, kPorts);
  const std::uint64_t segments = link.forward.counters().offered_packets;

  // One more: connect() returns a socket with no port, and it fails in an event of its own at
  // the same time (the caller is not re-entered), with no SYN on the wire.
  const sim::Time at = simulator.now();
  ByteStream& extra = directory.connect(tcp_a, b.address(), kPort, {}, &client);
  EXPECT_EQ(extra.socket().local_port(), 0);
  EXPECT_TRUE(client.closed.empty());
  simulator.run_until(at);
  ASSERT_EQ(client.closed.size(), 1u);
  EXPECT_EQ(client.closed[0].first, &extra);
  EXPECT_EQ(client.closed[0].second, TcpEvent::Kind::AddressUnavailable);
  EXPECT_EQ(extra.socket().connection().state(), TcpState::Closed);
  simulator.run_until(at + sim::sec(1));
  EXPECT_EQ(link.forward.counters().offered_packets, segments);
  EXPECT_EQ(server.opened, kPorts);

  // One connection closes (after its 100 ms TIME-WAIT): its port is the one free again.
  held[5]->close();
  simulator.run_until(at + sim::sec(2));
  ASSERT_EQ(held[5]->socket().connection().state(), TcpState::Closed);
  ByteStream& again = directory.connect(tcp_a, b.address(), kPort, client_config, &client);
  EXPECT_EQ(again.socket().local_port(), 49152 + 5);
  simulator.run_until(at + sim::sec(3));
  EXPECT_EQ(server.opened, kPorts + 1);
  EXPECT_EQ(client.closed.size(), 2u);  // the failed one and the one closed on purpose
}

}  // namespace
}  // namespace netsim::tcp
