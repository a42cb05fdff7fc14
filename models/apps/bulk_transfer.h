// Bulk transfer over TCP: the sender connects at `start` and keeps its send buffer full until it
// has written `bytes` (or, without a size, until `stop`), then closes; the receiver reads as fast
// as data arrives and closes when the sender has. What the reports want (handshake, goodput,
// retransmissions, RTTs) comes from the two sockets.
#pragma once

#include <cstdint>
#include <optional>

#include "models/tcp/tcp_layer.h"
#include "sim/simulator.h"

namespace netsim::apps {

struct BulkConfig {
  std::optional<std::uint64_t> bytes;  // total to send; none: until stop
  sim::Time start;
  sim::Time stop;
};

class BulkSender final : public tcp::TcpObserver {
 public:
  BulkSender(sim::Simulator& simulator, tcp::TcpLayer& layer, net::Ipv4Address server,
             std::uint16_t port, const tcp::TcpConfig& config, const BulkConfig& bulk);
  void start();
  void on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) override;

  tcp::TcpSocket* socket() const { return socket_; }
  std::uint64_t written() const { return written_; }

 private:
  void fill();

  sim::Simulator& simulator_;
  tcp::TcpLayer& layer_;
  net::Ipv4Address server_;
  std::uint16_t port_;
  tcp::TcpConfig config_;
  BulkConfig bulk_;
  tcp::TcpSocket* socket_ = nullptr;
  std::uint64_t written_ = 0;
  bool closed_ = false;
};

// Accepts connections, reads everything, closes when the peer does.
class TcpSink final : public tcp::TcpAcceptor, public tcp::TcpObserver {
 public:
  tcp::TcpObserver* on_accept(tcp::TcpSocket& socket) override;
  void on_tcp_event(tcp::TcpSocket& socket, const tcp::TcpEvent& event) override;

  tcp::TcpSocket* socket() const { return socket_; }
  std::uint64_t received() const { return received_; }
  std::optional<sim::Time> first_byte() const { return first_byte_; }
  std::optional<sim::Time> last_byte() const { return last_byte_; }

 private:
  tcp::TcpSocket* socket_ = nullptr;
  std::uint64_t received_ = 0;
  std::optional<sim::Time> first_byte_;
  std::optional<sim::Time> last_byte_;
};

}  // namespace netsim::apps
