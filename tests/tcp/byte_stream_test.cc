// Real bytes over the simulated TCP: whatever the network does to the segments, the receiver
// reads exactly the byte string the sender wrote, in order, and only once TCP delivered it.
#include "models/tcp/byte_stream.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "models/net/network.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::tcp {
namespace {

constexpr std::uint16_t kPort = 80;

// Collects what a stream reads.
class Reader final : public StreamListener {
 public:
  void on_stream_open(ByteStream&) override { ++opened; }
  void on_stream_data(ByteStream&, std::string_view bytes) override {
    data.append(bytes);
    ++reads;
  }
  void on_stream_peer_closed(ByteStream& stream) override {
    peer_closed = true;
    if (close_back) stream.close();
  }
  void on_stream_closed(ByteStream&, TcpEvent::Kind why) override { closed = why; }

  std::string data;
  int reads = 0;
  int opened = 0;
  bool peer_closed = false;
  bool close_back = true;
  std::optional<TcpEvent::Kind> closed;
};

class Acceptor final : public TcpAcceptor {
 public:
  explicit Acceptor(StreamDirectory& d) : directory(d) {}
  TcpObserver* on_accept(TcpSocket& socket) override {
    stream = &directory.accept(socket, &reader);
    return stream;
  }
  StreamDirectory& directory;
  Reader reader;
  ByteStream* stream = nullptr;
};

// Client a and server b over one link (10 Mbit/s, 10 ms each way).
struct Pair {
  explicit Pair(double loss = 0, std::uint64_t seed = 1)
      : streams(seed), network(simulator, streams), acceptor(directory) {
    net::ChannelConfig c;
    c.rate = sim::DataRate::mbps(10);
    c.delay = sim::ms(10);
    if (loss > 0) {
      c.loss.model = net::LossConfig::Model::Random;
      c.loss.probability = loss;
    }
    net::Node& a = network.add_node("a");
    net::Node& b = network.add_node("b");
    net::Link& link = network.add_link("l", a.id(), b.id(), c, c);
    a.set_route(b.id(), &link.forward);
    b.set_route(a.id(), &link.reverse);
    tcp_a = std::make_unique<TcpLayer>(a, simulator, streams.stream("iss-a"));
    tcp_b = std::make_unique<TcpLayer>(b, simulator, streams.stream("iss-b"));
    tcp_b->listen(kPort, config, &acceptor);
    client = &directory.connect(*tcp_a, b.address(), kPort, config, &client_reader);
  }

  sim::Simulator simulator;
  sim::RandomStreams streams;
  net::Network network;
  TcpConfig config;
  StreamDirectory directory;
  std::unique_ptr<TcpLayer> tcp_a, tcp_b;
  Acceptor acceptor;
  Reader client_reader;
  ByteStream* client = nullptr;
};

std::string pattern(std::size_t n, char seed) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + i * 7 % 251);
  return s;
}

TEST(ByteStream, ServerReadsExactlyTheWrittenBytesAndAnswers) {
  Pair p;
  // Written before the handshake completes: held until ESTABLISHED.
  p.client->write("GET / HTTP/1.1\r\nHost: b\r\n\r\n");
  p.simulator.run_until(sim::Time::from_ns(0) + sim::ms(25));
  ASSERT_NE(p.acceptor.stream, nullptr);
  EXPECT_EQ(p.acceptor.reader.data, "");  // SYN, SYN-ACK, then the data: 3 × 10 ms + transmission
  p.simulator.run_until(sim::Time::from_ns(0) + sim::ms(40));
  EXPECT_EQ(p.acceptor.reader.data, "GET / HTTP/1.1\r\nHost: b\r\n\r\n");
  EXPECT_EQ(p.client_reader.opened, 1);
  EXPECT_EQ(p.acceptor.reader.opened, 1);
  p.acceptor.stream->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
  p.simulator.run();
  EXPECT_EQ(p.client_reader.data, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_EQ(p.client->bytes_read(), p.acceptor.stream->bytes_written());
  EXPECT_EQ(p.client->unacknowledged(), 0u);
}

TEST(ByteStream, AnIdleAcknowledgedConnectionLeavesNoTimerPending) {
  // The request leaves at ~20 ms with the retransmission timer armed for RTO = 1 s; the server's
  // delayed ACK (200 ms) acknowledges it at ~250 ms. From then on nothing is timed, and the
  // stopped timer's event is cancelled rather than left to fire at ~1.02 s for nothing.
  Pair p;
  p.simulator.run_until(sim::Time::from_ns(0) + sim::ms(25));  // established both ways
  p.client->write("ping");
  p.simulator.run_until(sim::Time::from_ns(0) + sim::ms(100));
  EXPECT_EQ(p.client->unacknowledged(), 4u);
  EXPECT_GT(p.simulator.events_pending(), 0u);  // the client's RTO, the server's delayed ACK
  p.simulator.run_until(sim::Time::from_ns(0) + sim::ms(500));
  EXPECT_EQ(p.client->unacknowledged(), 0u);
  EXPECT_EQ(p.simulator.events_pending(), 0u);
}

TEST(ByteStream, LossyPathDeliversTheSameBytesInOrder) {
  // 5% loss each way: retransmissions and reordering in the receive queue, yet the reader sees
  // the written string, split wherever in-order delivery advanced.
  Pair p(0.05, 7);
  std::string expected;
  for (int i = 0; i < 200; ++i) {
    const std::string chunk = pattern(100 + i * 37 % 3000, static_cast<char>(i));
    expected += chunk;
    p.client->write(chunk);
  }
  p.client->close();
  p.simulator.run();
  EXPECT_EQ(p.acceptor.reader.data.size(), expected.size());
  EXPECT_TRUE(p.acceptor.reader.data == expected);
  EXPECT_TRUE(p.acceptor.reader.peer_closed);
  EXPECT_GT(p.tcp_a->sockets()[0]->connection().stats().segments_retransmitted, 0u);
  EXPECT_EQ(p.client_reader.closed, TcpEvent::Kind::Closed);
  EXPECT_EQ(p.client->unacknowledged(), 0u);
}

TEST(ByteStream, WritesBeyondTheSendBufferWaitInTheStream) {
  Pair p;
  const std::string big = pattern(3'000'000, 'x');  // far larger than the 128 KiB send buffer
  p.client->write(big);
  EXPECT_GT(p.client->unacknowledged(), 0u);
  p.simulator.run();
  EXPECT_TRUE(p.acceptor.reader.data == big);
  EXPECT_GT(p.acceptor.reader.reads, 1);
}

TEST(ByteStream, AbortResetsThePeer) {
  Pair p;
  p.simulator.run_until(sim::Time::from_ns(0) + sim::ms(100));
  p.client->abort();
  EXPECT_TRUE(p.client->ended());
  p.simulator.run();
  EXPECT_EQ(p.acceptor.reader.closed, TcpEvent::Kind::Reset);
  EXPECT_FALSE(p.acceptor.stream->open());
}

}  // namespace
}  // namespace netsim::tcp
