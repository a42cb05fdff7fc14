// The message stream of message_stream.h carried by TCP: the sender writes each message into one
// connection (opened at `start`), and a message counts as received when its last byte has been
// delivered in order. A lost segment thus delays every message behind it (head-of-line blocking),
// which the per-message latencies show. Messages the send buffer cannot take wait in the
// application and are written as room appears.
#pragma once

#include <cstdint>
#include <vector>

#include "models/apps/message_log.h"
#include "models/apps/message_stream.h"
#include "models/tcp/tcp_layer.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::apps {

class TcpMessageSender final : public tcp::TcpObserver {
 public:
  TcpMessageSender(sim::Simulator& simulator, tcp::TcpLayer& layer, net::Ipv4Address server,
                   std::uint16_t port, const tcp::TcpConfig& config, MessageLog& log,
                   const MessageStreamConfig& stream, sim::Rng gaps);
  void start();
  void on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) override;

  tcp::TcpSocket* socket() const { return socket_; }
  // Stream offset just past each message, by sequence number.
  const std::vector<std::uint64_t>& message_ends() const { return ends_; }

 private:
  void send_message();
  void push();
  sim::Duration next_gap();

  sim::Simulator& simulator_;
  tcp::TcpLayer& layer_;
  net::Ipv4Address server_;
  std::uint16_t port_;
  tcp::TcpConfig config_;
  MessageLog& log_;
  MessageStreamConfig stream_;
  sim::Rng gaps_;
  tcp::TcpSocket* socket_ = nullptr;
  std::vector<std::uint64_t> ends_;
  std::uint64_t queued_ = 0;  // written by the application, not yet taken by the socket
};

class TcpMessageReceiver final : public tcp::TcpAcceptor, public tcp::TcpObserver {
 public:
  TcpMessageReceiver(MessageLog& log, const TcpMessageSender& sender)
      : log_(log), sender_(sender) {}
  tcp::TcpObserver* on_accept(tcp::TcpSocket& socket) override;
  void on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) override;
  tcp::TcpSocket* socket() const { return socket_; }

 private:
  // Out-of-order bytes [from, to) arrived at `now`.
  void buffer(std::uint64_t from, std::uint64_t to, sim::Time now);
  // When the bytes [from, to) had all arrived: the latest first arrival among them, or `now`
  // if some of them come with the segment being delivered now.
  sim::Time arrived(std::uint64_t from, std::uint64_t to, sim::Time now) const;

  struct Piece {
    std::uint64_t from;  // stream offsets
    std::uint64_t to;
    sim::Time at;  // when it arrived, out of order
  };

  MessageLog& log_;
  const TcpMessageSender& sender_;
  tcp::TcpSocket* socket_ = nullptr;
  std::uint64_t next_ = 0;       // next message to complete
  std::uint64_t delivered_ = 0;  // bytes read so far
  // Out-of-order bytes not yet read, each at its first arrival: disjoint, sorted by offset.
  std::vector<Piece> buffered_;
};

}  // namespace netsim::apps
