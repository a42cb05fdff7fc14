// TCP on a simulated node: the adapter between sans-IO connections and the network. A TcpLayer
// demultiplexes arriving segments by (remote address, remote port, local port) to its sockets
// (RFC 9293 §3.10.7), creates a socket for each SYN on a listening port, and answers segments for
// which nothing exists with a RST (§3.10.7.1). A TcpSocket turns its connection's outbox into
// packets, hands its events to an observer, and keeps one simulator event armed for the
// connection's next deadline: when a deadline moves later (the retransmission timer restarting
// on every ACK), the pending event is left to fire early and re-arm, rather than cancelled and
// rescheduled each time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include "models/net/node.h"
#include "models/tcp/socket_table.h"
#include "models/tcp/tcp_connection.h"
#include "sim/alarm.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::tcp {

class TcpSocket;
class TcpLayer;

// What an application implements to hear about its connection.
class TcpObserver {
 public:
  virtual ~TcpObserver() = default;
  virtual void on_tcp_event(TcpSocket& socket, const TcpEvent& event) = 0;
};

// Told after every interaction with a socket (for sampling its state on change).
class TcpFlushHook {
 public:
  virtual ~TcpFlushHook() = default;
  virtual void on_flush(const TcpSocket& socket) = 0;
};

// What a listening application implements to receive new connections (in SYN-RECEIVED).
class TcpAcceptor {
 public:
  virtual ~TcpAcceptor() = default;
  // Returns the observer for the new connection's events (may be null).
  virtual TcpObserver* on_accept(TcpSocket& socket) = 0;
};

class TcpSocket {
 public:
  TcpSocket(TcpLayer& layer, std::shared_ptr<const TcpConfig> config, std::uint32_t iss,
            net::Ipv4Address remote, std::uint16_t remote_port, std::uint16_t local_port);
  TcpSocket(const TcpSocket&) = delete;
  TcpSocket& operator=(const TcpSocket&) = delete;

  void set_observer(TcpObserver* observer) { observer_ = observer; }
  // Application calls; each runs the connection and sends what it produced.
  void connect();
  // connect() without a local port (TcpLayer::connect found none free): the observer hears
  // AddressUnavailable.
  void fail_to_bind();
  std::uint64_t send(std::uint64_t bytes);
  void close();
  // Sends a RST and forgets the connection (RFC 9293 §3.10.4 ABORT).
  void abort();

  TcpConnection& connection() { return connection_; }
  const TcpConnection& connection() const { return connection_; }
  // The pending event at the connection's next deadline (null if none is pending).
  sim::EventId timer_event() const { return alarm_.pending(); }
  net::Ipv4Address remote() const { return remote_; }
  std::uint16_t remote_port() const { return remote_port_; }
  std::uint16_t local_port() const { return local_port_; }
  net::Node& node();
  net::Ipv4Address local_address() const;
  sim::Time now() const;

  // From the layer.
  void deliver(const TcpSegment& segment);
  // Where the peer's receive path reads, as its last packet said (net::Packet::sender_state):
  // our packets carry it back as their receiver_state.
  void set_peer_state(const net::ReceiveState* state) { peer_state_ = state; }
  const net::ReceiveState* peer_state() const { return peer_state_; }
  // Where this end's receive path reads: the socket itself, then what its observer and the
  // application above list (a link fetches it ahead of a burst's arrivals). The socket
  // outlives its packets: the layer keeps every socket until it goes.
  net::ReceiveState& receive_state() { return receive_state_; }
  const net::ReceiveState& receive_state() const { return receive_state_; }
  // Lists where the layer's table holds this socket: the first thing an arrival reads.
  void list_table_slot(const void* slot);
  void listen();
  // A new SYN takes its pair over (RFC 6191): TIME-WAIT ends now and the observer hears it.
  void end_time_wait();
  // Whether it counts among the ephemeral ports in use towards its peer (until it is CLOSED).
  void hold_ephemeral(bool held) { holds_ephemeral_ = held; }

 private:
  void flush();
  void release_if_closed();
  void arm();
  void on_timer_event(sim::Time scheduled);

  TcpLayer& layer_;
  // The connection's outbox buffer in receive_state_: near the front, read by every flush().
  net::ReceiveState::Listing outbox_;
  TcpConnection connection_;
  net::Ipv4Address remote_;
  std::uint16_t remote_port_;
  std::uint16_t local_port_;
  TcpObserver* observer_ = nullptr;
  const net::ReceiveState* peer_state_ = nullptr;
  bool holds_ephemeral_ = false;
  sim::Alarm alarm_;  // at the connection's next deadline
  // What a link fetches ahead of an arrival for this connection (Channel::prefetch_arrivals).
  net::ReceiveState receive_state_;
  net::ReceiveState::Listing table_slot_;  // in receive_state_
  net::ReceiveState::Listing alarm_node_;  // the pending event of alarm_, in receive_state_
};

class TcpLayer final : public net::ProtocolHandler {
 public:
  // ISSs are drawn from `iss_stream` (RFC 9293 §3.4.1 asks for unpredictable ones).
  TcpLayer(net::Node& node, sim::Simulator& simulator, sim::Rng iss_stream);

  net::Node& node() { return node_; }
  sim::Simulator& simulator() { return simulator_; }

  // Active open from an ephemeral port (RFC 6335 dynamic range). With none free towards
  // remote:remote_port the socket has no port (0) and fails at once, in an event of its own
  // at the same time (a kernel's connect() fails with EADDRNOTAVAIL; Node reports the error
  // on the next tick, not inside the call).
  TcpSocket& connect(net::Ipv4Address remote, std::uint16_t remote_port, const TcpConfig& config,
                     TcpObserver* observer);
  // Passive open: SYNs to `port` create sockets handed to `acceptor`.
  void listen(std::uint16_t port, const TcpConfig& config, TcpAcceptor* acceptor);
  // No more passive opens on `port` (SYNs to it are answered with a RST, §3.10.7.1).
  void unlisten(std::uint16_t port) { listeners_.erase(port); }

  void receive(net::PacketId id) override;
  // Sends a connection's segment, with where both ends' sockets lie (net::Packet).
  void transmit(const TcpSegment& segment, const TcpSocket& from);

  // Every socket ever created here, in creation order (for reports).
  const std::vector<TcpSocket*>& sockets() const { return order_; }
  void set_flush_hook(TcpFlushHook* hook) { flush_hook_ = hook; }
  // A socket holding an ephemeral port towards remote:remote_port reached CLOSED.
  void release_ephemeral(net::Ipv4Address remote, std::uint16_t remote_port);
  TcpFlushHook* flush_hook() const { return flush_hook_; }
  // Where the demultiplexing table holds `socket` (nullptr if it does not): what the socket
  // lists in its receive state (TcpSocket::list_table_slot).
  const void* table_slot(const TcpSocket& socket) const {
    return sockets_.slot_address(
        key(socket.remote().value(), socket.remote_port(), socket.local_port()));
  }
  // The node crashed: every connection is forgotten without a word on the wire (a reboot loses
  // them); segments arriving later for them are answered with RSTs.
  void crash();

 private:
  // A packet holding `segment` from local_port to remote:remote_port, not sent yet.
  net::PacketId make_packet(const TcpSegment& segment, std::uint16_t local_port,
                            net::Ipv4Address remote, std::uint16_t remote_port);
  struct Listener {
    TcpConfig config;
    TcpAcceptor* acceptor;
  };
  // Remote address, remote port and local port packed in 64 bits: the demultiplexing key.
  using Key = std::uint64_t;
  static constexpr Key key(std::uint32_t remote, std::uint16_t remote_port,
                           std::uint16_t local_port) {
    return (Key{remote} << 32) | (Key{remote_port} << 16) | local_port;
  }

  TcpSocket& add(const TcpConfig& config, net::Ipv4Address remote, std::uint16_t remote_port,
                 std::uint16_t local_port);
  void reset_unknown(const net::Packet& packet);
  // Whether `socket` (possibly null) holds its address pair: it exists and is not CLOSED.
  static bool is_live(const TcpSocket* socket);
  // The one shared copy of configs equal to `config`.
  std::shared_ptr<const TcpConfig> shared(const TcpConfig& config);

  net::Node& node_;
  sim::Simulator& simulator_;
  sim::Rng iss_stream_;
  std::vector<std::unique_ptr<TcpSocket>> owned_;  // every socket, alive until the layer goes
  std::vector<std::shared_ptr<const TcpConfig>> configs_;  // distinct ones, for shared()
  // Demultiplexing: the newest socket of each address pair (a server holds thousands); never
  // iterated.
  SocketTable sockets_;
  std::vector<TcpSocket*> order_;
  std::map<std::uint16_t, Listener> listeners_;
  std::uint16_t next_ephemeral_ = 49152;
  // Ephemeral ports in use (not CLOSED) per peer address and port (key(…, 0)): with all of
  // them taken a connect() fails without probing each port (a reconnect storm tries thousands
  // of times).
  std::map<Key, std::uint32_t> ephemeral_in_use_;
  TcpFlushHook* flush_hook_ = nullptr;
};

}  // namespace netsim::tcp
