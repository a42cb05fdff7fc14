// Each TCP packet carries, for prefetching only, where the receive state of the socket that
// sent it lies and where that of the socket that will receive it lies, as far as the sender
// knows (net::Packet::sender_state, receiver_state). A receive state lists what an arrival
// reads: the socket, its slot in the layer's table, its stream, the stream's peer, the
// application above (net::ReceiveState). A link fetches all of it a few packets ahead of a
// burst's arrivals (Channel::prefetch_arrivals). The sender learns its peer's state from the
// peer's packets, so a connection's first segment names none; every later one names the right
// one. A wrong address would change no result, only lose the speed: these tests are what
// notice.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/net/network.h"
#include "models/net/packet_tap.h"
#include "models/tcp/byte_stream.h"
#include "models/tcp/tcp_layer.h"
#include "tests/tcp/two_tcp_hosts.h"

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
    const net::ReceiveState* sender;
    const net::ReceiveState* receiver;
  };
  void on_transmit(const net::Channel&, const net::Packet&, sim::Time) override {}
  void on_arrive(const net::Channel& channel, const net::Packet& packet, sim::Time) override {
    log.push_back({channel.to(), packet.tcp.flags, packet.sender_state, packet.receiver_state});
  }
  std::vector<Arrival> log;
};

// Two hosts (testing::TwoTcpHosts), every arrival recorded.
class ReceivePrefetch : public testing::TwoTcpHosts {
 protected:
  ReceivePrefetch() { network.set_tap(&arrivals); }
  ~ReceivePrefetch() override { network.set_tap(nullptr); }  // the network outlives it

  Arrivals arrivals;
};

// Whether `state` lists exactly [at, at + bytes).
bool lists(const net::ReceiveState& state, const void* at, std::size_t bytes) {
  for (std::size_t i = 0; i < state.size(); ++i) {
    if (state.address(i) == at && state.bytes(i) == bytes) return true;
  }
  return false;
}

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
  const net::ReceiveState* const at_client = &client.receive_state();
  const net::ReceiveState* const at_server = &server.receive_state();
  ASSERT_GE(arrivals.log.size(), 6U);
  // SYN: the client knows nothing of the server's socket yet.
  EXPECT_EQ(arrivals.log[0].flags, kSyn);
  EXPECT_EQ(arrivals.log[0].sender, at_client);
  EXPECT_EQ(arrivals.log[0].receiver, nullptr);
  // SYN-ACK: the server learnt the client's socket from the SYN.
  EXPECT_EQ(arrivals.log[1].flags, kSyn | kAck);
  EXPECT_EQ(arrivals.log[1].sender, at_server);
  EXPECT_EQ(arrivals.log[1].receiver, at_client);
  // From the handshake's ACK on, each names the socket it reaches.
  for (std::size_t i = 2; i < arrivals.log.size(); ++i) {
    SCOPED_TRACE(i);
    const Arrivals::Arrival& arrival = arrivals.log[i];
    const bool to_b = arrival.at == b.id();
    EXPECT_EQ(arrival.sender, to_b ? at_client : at_server);
    EXPECT_EQ(arrival.receiver, to_b ? at_server : at_client);
  }
  // Each lists itself, whole, its slot in its layer's table, and its outbox (an arriving ACK
  // may make a segment, written there and read back at once).
  EXPECT_TRUE(lists(*at_client, &client, sizeof(TcpSocket)));
  EXPECT_TRUE(lists(*at_server, &server, sizeof(TcpSocket)));
  EXPECT_TRUE(lists(*at_client, tcp_a.table_slot(client), SocketTable::kSlotBytes));
  EXPECT_TRUE(lists(*at_server, tcp_b.table_slot(server), SocketTable::kSlotBytes));
  const std::size_t two_segments = 2 * sizeof(TcpSegment);
  EXPECT_TRUE(lists(*at_client, client.connection().outbox().data(), two_segments));
  EXPECT_TRUE(lists(*at_server, acceptor.accepted->connection().outbox().data(), two_segments));
}

// An arriving segment usually moves or ends the socket's timer (an ACK stops the retransmission
// timer; data starts the delayed-ACK one after the last fired): the socket lists the node of its
// pending timer event, and follows it when the timer is armed anew.
TEST_F(ReceivePrefetch, ASocketListsItsPendingTimerEvent) {
  Acceptor acceptor;
  tcp_b.listen(kPort, TcpConfig{}, &acceptor);
  TcpSocket& client = tcp_a.connect(b.address(), kPort, TcpConfig{}, nullptr);
  constexpr std::size_t kNode = sim::EventQueue::kNodeBytes;
  ASSERT_FALSE(client.timer_event().is_null());  // the SYN's retransmission timer
  const void* syn_timer = simulator.event_address(client.timer_event());
  EXPECT_TRUE(lists(client.receive_state(), syn_timer, kNode));
  simulator.run_until(sim::Time::zero() + sim::ms(10));
  ASSERT_NE(acceptor.accepted, nullptr);
  EXPECT_TRUE(client.timer_event().is_null());  // handshake done: no deadline
  const std::size_t entries = client.receive_state().size();
  client.send(100);  // the data's retransmission timer
  ASSERT_FALSE(client.timer_event().is_null());
  const void* data_timer = simulator.event_address(client.timer_event());
  // Another node: the SYN timer's, cancelled, stays queued until its time (lazy deletion).
  ASSERT_NE(data_timer, syn_timer);
  EXPECT_TRUE(lists(client.receive_state(), data_timer, kNode));
  EXPECT_FALSE(lists(client.receive_state(), syn_timer, kNode));
  EXPECT_EQ(client.receive_state().size(), entries);  // followed, not added
}

// The table's slots move when it grows: every socket lists where its slot is now.
TEST_F(ReceivePrefetch, EverySocketListsItsTableSlotAfterTheTableGrows) {
  std::vector<const TcpSocket*> sockets;
  const void* first_slot = nullptr;
  for (int i = 0; i < 40; ++i) {  // the table grows at the 9th, 17th and 33rd
    sockets.push_back(&tcp_a.connect(b.address(), kPort, TcpConfig{}, nullptr));
    if (i == 0) first_slot = tcp_a.table_slot(*sockets[0]);
  }
  EXPECT_NE(tcp_a.table_slot(*sockets[0]), first_slot);  // it did move
  for (const TcpSocket* s : sockets) {
    SCOPED_TRACE(s->local_port());
    ASSERT_NE(tcp_a.table_slot(*s), nullptr);
    EXPECT_TRUE(lists(s->receive_state(), tcp_a.table_slot(*s), SocketTable::kSlotBytes));
    // Itself, the slot (moved, not added), the outbox its SYN went through and the event of
    // its SYN retransmission timer.
    EXPECT_EQ(s->receive_state().size(), 4U);
  }
}

// A stream lists itself on its socket and the front of its send buffer (an ACK's trim moves its
// bytes); the receiving end lists the peer's stream and the front of its buffer (every delivery
// reads them) once the first bytes arrived, and both follow the buffer when it moves.
TEST_F(ReceivePrefetch, AStreamListsItselfAndItsPeer) {
  StreamDirectory directory;
  class Sink final : public StreamListener, public TcpAcceptor {
   public:
    explicit Sink(StreamDirectory& d) : directory_(d) {}
    TcpObserver* on_accept(TcpSocket& socket) override {
      accepted = &directory_.accept(socket, this);
      return accepted;
    }
    void on_stream_data(ByteStream&, std::string_view bytes) override { read += bytes.size(); }
    void on_stream_closed(ByteStream&, TcpEvent::Kind) override {}
    ByteStream* accepted = nullptr;
    std::size_t read = 0;

   private:
    StreamDirectory& directory_;
  } sink(directory);
  tcp_b.listen(kPort, TcpConfig{}, &sink);
  ByteStream& sender = directory.connect(tcp_a, b.address(), kPort, TcpConfig{}, nullptr);
  simulator.run_until(sim::Time::zero() + sim::ms(10));
  ASSERT_NE(sink.accepted, nullptr);
  const net::ReceiveState& at_receiver = sink.accepted->socket().receive_state();
  EXPECT_TRUE(lists(sender.socket().receive_state(), &sender, sizeof(ByteStream)));
  EXPECT_TRUE(lists(at_receiver, sink.accepted, sizeof(ByteStream)));
  EXPECT_FALSE(lists(at_receiver, &sender, sizeof(ByteStream)));  // no bytes yet

  sender.write("hello");
  const char* const front = sender.sent_bytes(0, 5).data();
  const net::ReceiveState& at_sender = sender.socket().receive_state();
  EXPECT_TRUE(lists(at_sender, front, ByteStream::kListedBytes));
  simulator.run_until(sim::Time::zero() + sim::ms(20));
  ASSERT_EQ(sink.read, 5U);
  EXPECT_TRUE(lists(at_receiver, &sender, sizeof(ByteStream)));
  EXPECT_TRUE(lists(at_receiver, front, ByteStream::kListedBytes));

  // Once "hello" is acknowledged the buffer is empty; a write that outgrows it moves it: both
  // ends list where it is now, in place of the old front.
  simulator.run_until(sim::Time::zero() + sim::ms(500));
  ASSERT_EQ(sender.unacknowledged(), 0U);
  const std::size_t sender_entries = at_sender.size();
  const std::size_t receiver_entries = at_receiver.size();
  sender.write(std::string(100'000, 'x'));
  const char* const moved = sender.sent_bytes(5, 1).data();
  ASSERT_NE(moved, front);
  EXPECT_TRUE(lists(at_sender, moved, ByteStream::kListedBytes));
  EXPECT_FALSE(lists(at_sender, front, ByteStream::kListedBytes));
  EXPECT_EQ(at_sender.size(), sender_entries);
  simulator.run_until(sim::Time::zero() + sim::ms(600));
  ASSERT_GT(sink.read, 5U);
  EXPECT_FALSE(lists(at_receiver, front, ByteStream::kListedBytes));
  EXPECT_EQ(at_receiver.size(), receiver_entries);
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
