// socket.io-client's Manager (manager.ts, 4.8) with its Engine.IO socket (engine.io-client 6.6):
// one Engine.IO connection at a time, shared by the page's sockets on different namespaces
// (multiplexing, on by default: PROTOCOLS §8.4), reconnection with backo2 backoff, the `timeout`
// on opening, and the page's fetch of the client library before the first open.
//
// The sockets (realtime::Client) subscribe with socket.connect() and leave with
// socket.disconnect() or a server DISCONNECT (socket.ts `destroy` → manager.ts `_destroy`): the
// engine closes when no socket is left (`_close`: no reconnection). Every subscribed socket hears
// the engine open (it sends its CONNECT), the packets of its namespace and the close.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/engineio/client_socket.h"
#include "models/http/parser.h"
#include "models/realtime/client_spec.h"
#include "models/realtime/client_transport.h"
#include "models/realtime/timeline.h"
#include "models/socketio/backoff.h"
#include "models/socketio/decode_cache.h"
#include "models/socketio/packet.h"
#include "models/tcp/byte_stream.h"
#include "sim/alarm.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::realtime {

class Client;

class Manager final : public tcp::StreamListener, public ClientTransport::Owner {
 public:
  // `spec`: the page's first socket's (its name names the connection in the timeline; its
  // transports, reconnection and TCP options are the Manager's).
  Manager(sim::Simulator& simulator, tcp::TcpLayer& tcp, tcp::StreamDirectory& streams,
          net::Ipv4Address server, sim::Rng rng, ClientSpec spec, Timeline* timeline,
          socketio::DecodeCache* decode_cache);
  Manager(const Manager&) = delete;
  Manager& operator=(const Manager&) = delete;

  // A socket of the page (its ack timers run on the Manager's alarm, subscribed or not), and
  // one that is gone.
  void add(Client& socket);
  void remove(Client& socket);
  // socket.ts `connect()` → `subEvents()` and manager.ts `open()` unless reconnecting (a no-op
  // while opening or open); a socket joining an open engine sends its CONNECT at once.
  void subscribe(Client& socket, sim::Time now);
  // manager.ts `_destroy(socket)`: the socket no longer hears the engine; if no socket is left
  // the Manager closes (`_close`: the engine closes and does not reconnect).
  void unsubscribe(Client& socket, sim::Time now);

  // The engine can take a packet now (socket.ts emit: `this.io.engine.transport.writable`).
  bool writable() const;
  // The engine is open and its heartbeat has not expired (socket.ts emit: `isConnected`).
  bool heartbeat_alive(sim::Time now) const;
  // engine.io-client: an expired heartbeat closes on the next tick ("ping timeout").
  void check_heartbeat(sim::Time now);
  // A Socket.IO packet, encoded, as an Engine.IO message (manager.ts `_packet`).
  void send(const std::string& encoded, sim::Time now);
  // A socket's deadlines changed.
  void arm();

  const std::string& name() const { return spec_.name; }
  std::uint64_t reconnections() const { return reconnections_; }
  // The delays the backoff drew, in order (for tests and reports).
  const std::vector<sim::Duration>& reconnect_delays() const { return reconnect_delays_; }

  // tcp::StreamListener (the page's script fetch)
  void on_stream_open(tcp::ByteStream& stream) override;
  void on_stream_data(tcp::ByteStream& stream, std::string_view bytes) override;
  void on_stream_peer_closed(tcp::ByteStream& stream) override;
  void on_stream_closed(tcp::ByteStream& stream, tcp::TcpEvent::Kind why) override;

 private:
  enum class ManagerState : std::uint8_t { Closed, Opening, Open };

  void open(sim::Time now);
  void fetch_script(sim::Time now);
  // ClientTransport::Owner
  void on_transport_packet(engineio::Packet packet, sim::Time now) override;
  void on_transport_lost(bool error, sim::Time now) override;
  void on_transport_drain(sim::Time now) override;
  void on_transport_note(std::string_view what, std::string detail, sim::Time now) override;
  void list_receive_state(net::ReceiveState& state) const override;
  // Closes the transport; `unsent` are packets it still sends first (polling).
  void retire_transport(std::vector<engineio::Packet> unsent = {});
  void pump(sim::Time now);
  void on_engine_open(sim::Time now);
  void on_engine_close(const std::string& reason, sim::Time now);
  // The engine closed before it opened: an error fails the attempt; a clean close does not.
  void on_open_lost(bool error, sim::Time now);
  void on_open_failed(const std::string& why, sim::Time now);
  void on_message(const std::string& data, sim::Time now);
  void reconnect(sim::Time now);
  void on_timer(sim::Time scheduled);
  // The sockets as they are now: a socket's handler may subscribe or unsubscribe one.
  std::vector<Client*> sockets_now() const { return {sockets_.begin(), sockets_.end()}; }

  sim::Simulator& simulator_;
  tcp::TcpLayer& tcp_;
  tcp::StreamDirectory& streams_;
  net::Ipv4Address server_;
  sim::Rng rng_;
  Timeline* timeline_;

  // From here up to spec_: what each message reads, kept together (list_receive_state).
  // A page has a socket or two: kept in place, so that every packet and every arm() reaches them
  // without a pointer hop to a separate block.
  using SocketList = boost::container::small_vector<Client*, 2>;
  SocketList members_;  // the page's sockets
  SocketList sockets_;  // subscribed (socket.ts `active`), in subscription order
  ManagerState state_ = ManagerState::Closed;
  // Engine and its transport.
  std::optional<engineio::ClientSocket> engine_;  // in place: one pointer hop less per packet
  std::unique_ptr<ClientTransport> transport_;
  std::unique_ptr<ClientTransport> retired_;  // the previous one, possibly still on the stack
  socketio::DecodeCache* decode_cache_;     // shared by the clients of a run, or own_decode_cache_
  std::optional<sim::Time> open_deadline_;  // `timeout` on the engine open
  std::optional<sim::Time> reconnect_at_;   // the backoff timer
  sim::Alarm alarm_;  // at the earliest of these deadlines and the sockets' (arm())

  ClientSpec spec_;
  socketio::Backoff backoff_;
  bool skip_reconnect_ = false;
  bool reconnecting_ = false;
  std::uint64_t reconnections_ = 0;
  std::vector<sim::Duration> reconnect_delays_;

  // The page's script fetch.
  tcp::ByteStream* script_stream_ = nullptr;
  bool script_loaded_ = false;
  http::ResponseParser script_http_;
  std::unique_ptr<socketio::DecodeCache> own_decode_cache_;  // when the run shares none
};

}  // namespace netsim::realtime
