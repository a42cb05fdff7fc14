// A Socket.IO client socket (socket.io-client 4.8 socket.ts) on one namespace: CONNECT, the send
// buffer while disconnected, volatile emits, the retry queue, events dispatched to the
// application's listeners, acks. Its connection is a Manager's (models/realtime/manager.h): its
// own, or — multiplexing — the one of another socket of the same page on another namespace.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/net/receive_state.h"
#include "models/realtime/client_spec.h"
#include "models/realtime/event_log.h"
#include "models/realtime/listeners.h"
#include "models/realtime/manager.h"
#include "models/realtime/timeline.h"
#include "models/socketio/decode_cache.h"
#include "models/socketio/packet.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::realtime {

class Client;

// socket.emit flags: `socket.volatile`, `socket.timeout(ms)`, and whether a callback (ack) is
// passed.
struct EmitOptions {
  bool is_volatile = false;
  bool ack = false;
  std::optional<sim::Duration> timeout;  // socket.timeout(ms); else the ackTimeout option
};

// What the client application does on connect and disconnect.
class ClientApp {
 public:
  virtual ~ClientApp() = default;
  virtual void on_connect(Client&, sim::Time) {}
  virtual void on_disconnect(Client&, std::string_view /*reason*/, sim::Time) {}
};

class Client final {
 public:
  // io(url) on a page of its own: a new Manager.
  Client(sim::Simulator& simulator, tcp::TcpLayer& tcp, tcp::StreamDirectory& streams,
         net::Ipv4Address server, sim::Rng rng, ClientSpec spec, ClientApp* app, EventLog* events,
         Timeline* timeline, socketio::DecodeCache* decode_cache = nullptr);
  // io(url + nsp) on the page of `page`, for another namespace: the same Manager, so the same
  // Engine.IO connection (lookup.ts: multiplexing unless the namespace is already in use there,
  // which would get a new Manager). The connection's options (transports, reconnection,
  // timeout, TCP, the script fetch) are the Manager's; `spec` gives the socket's own.
  Client(Client& page, ClientSpec spec, ClientApp* app);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // socket.connect(): subscribes to the Manager, which opens the engine unless it is open,
  // opening or waiting to reconnect (autoConnect runs this on io()).
  void connect();
  // socket.disconnect(): DISCONNECT and "io client disconnect" if connected; no reconnection
  // (the Manager closes if no other socket of the page is left).
  void disconnect();
  // socket.emit(event, payload): sent now if connected, else buffered (sendBuffer) — or, if
  // volatile, dropped when the transport is not writable (socket.ts emit, PROTOCOLS §9.2).
  // With the `retries` option set (and not volatile), the event goes through the retry queue:
  // one packet in flight, resent until acknowledged (socket.ts `_addToQueue`/`_drainQueue`).
  // Returns the event's id in the log.
  std::uint64_t emit(const std::string& event, std::size_t payload_bytes, EmitOptions options = {});

  Listeners& listeners() { return listeners_; }
  const ClientSpec& spec() const { return spec_; }
  bool connected() const { return connected_; }
  bool recovered() const { return recovered_; }  // socket.recovered after the last connect
  const std::string& id() const { return id_; }  // Socket.IO id, empty while disconnected
  // The Manager's (shared by the sockets of a page).
  std::uint64_t reconnections() const { return manager_->reconnections(); }
  const std::vector<sim::Duration>& reconnect_delays() const {
    return manager_->reconnect_delays();
  }
  std::uint64_t unhandled_events() const { return unhandled_; }
  std::size_t send_buffer_size() const { return send_buffer_.size(); }

 private:
  friend class Manager;

  // What the Manager tells its subscribed sockets.
  // socket.ts `onopen`: the engine is open; send CONNECT.
  void on_open(sim::Time now);
  void on_packet(const socketio::Packet& packet, const socketio::EventPayload& e, sim::Time now);
  // socket.ts `onclose`: the engine closed.
  void on_close(const std::string& reason, sim::Time now);
  // The earliest ack timeout; the acks whose timeout has passed fail.
  std::optional<sim::Time> next_deadline() const;
  void expire_acks(sim::Time now);

  // What a message for this socket reads of it (Manager::list_receive_state): its fields up to
  // its namespace, which the Manager compares (the members are ordered for it).
  void list_receive_state(net::ReceiveState& state) const;
  void on_connect_ack(const std::string& sid, const std::optional<std::string>& pid, sim::Time now);
  void on_event(const std::vector<std::string>& args, const std::string& event, bool buffered,
                std::optional<std::uint64_t> ack_id, sim::Time now);
  void on_ack(std::uint64_t ack_id, sim::Time now);
  // socket.ts `emit` for one packet (also the retry queue's sends).
  void emit_packet(std::uint64_t event_id, const std::string& event, std::size_t payload_bytes,
                   const EmitOptions& options, std::optional<std::size_t> queue_seq, sim::Time now);
  void ack_failed(std::uint64_t ack_id, const std::string& why, sim::Time now);
  void clear_acks(sim::Time now);
  void queue_settled(std::size_t queue_seq, bool ok, sim::Time now);
  void drain_queue(bool force, sim::Time now);

  struct Buffered {
    std::string encoded;
    std::optional<std::uint64_t> ack_id;
    std::uint64_t event_id;
  };
  struct PendingAck {
    std::uint64_t event_id;
    std::optional<sim::Time> deadline;  // timeout: the ack callback gets an error
    bool with_error;                    // error-first callback (a timeout was set)
    std::optional<std::size_t> queue_seq;
  };
  struct Queued {
    std::size_t seq;
    std::uint64_t event_id;
    std::string event;
    std::size_t payload_bytes;
    EmitOptions options;
    int try_count = 0;
    bool pending = false;
  };
  // Events that arrived before the CONNECT ack (their raw arguments), dispatched on connect.
  struct Received {
    std::string event;
    std::vector<std::string> args;
    std::optional<std::uint64_t> ack_id;
  };

  // First, up to spec_.nsp, what every delivered event reads (Client::list_receive_state lists
  // that one span for a link to fetch ahead: 7 cache lines at most). Spread over the object, the
  // same fields took 13.
  Listeners listeners_;
  EventLog* events_;
  std::uint32_t log_id_;         // spec_.name in the event log
  std::uint32_t server_log_id_;  // spec_.server_name in the event log
  bool connected_ = false;
  bool recovered_ = false;
  std::uint64_t unhandled_ = 0;
  std::optional<std::uint64_t> last_event_id_;  // application: last server event handled
  std::map<std::uint64_t, PendingAck> acks_;    // by ack id
  std::optional<std::string> pid_;              // from the CONNECT ack, with recovery enabled
  ClientSpec spec_;                             // its head: name, port, dedup, nsp

  sim::Simulator& simulator_;
  std::shared_ptr<Manager> manager_;
  ClientApp* app_;
  Timeline* timeline_;
  std::string id_;
  std::optional<std::string> last_offset_;  // last argument of the last event dispatched
  // Application: event ids handled (dedup). A set, not a bitmap over all the run's ids: ids are
  // global, so a bitmap per client would grow with every event of the run.
  std::set<std::uint64_t> seen_;
  std::vector<Buffered> send_buffer_;  // unbounded (socket.ts sendBuffer)
  std::uint64_t next_ack_id_ = 0;      // socket.ts `ids`, from 0
  std::vector<Queued> queue_;          // socket.ts `_queue`: only the head is in flight
  std::size_t next_queue_seq_ = 0;
  std::vector<Received> receive_buffer_;
};

}  // namespace netsim::realtime
