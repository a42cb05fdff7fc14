// Every Socket.IO event the simulated applications emit gets an id, carried in its payload, so
// that whoever receives it can say which emit it came from: the basis of per-event latency and
// of the accounting of who received, handled or missed what. One log per run.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace netsim::realtime {

struct EmittedEvent {
  std::uint64_t id;
  sim::Time at;
  std::string sender;  // client name, or the server's
  std::string name;    // event name
  std::size_t payload_bytes;
  // A server emit's audience (io.of(nsp).to(rooms).except(except)); empty rooms: everyone.
  std::vector<std::string> rooms = {};
  std::vector<std::string> except = {};
  std::string nsp = "/";
};

struct ReceivedEvent {
  std::uint64_t id;
  sim::Time at;
  std::uint32_t recipient;  // the client's (or server's) name, as EventLog::name_id gave it
  int listeners;            // specific listeners that ran (0: unhandled, dropped silently)
  int any_listeners;        // onAny listeners that saw it
  bool buffered = false;    // arrived before the CONNECT ack (a recovery replay) and waited
};

// A copy of an event handed to one recipient's connection, or withheld from it.
struct Transmission {
  enum class Kind : std::uint8_t {
    Written,          // written on the transport (it may still be lost with the connection)
    Buffered,         // the client was not connected: kept in its send buffer
    VolatileDropped,  // volatile and the transport not writable: dropped
    Replayed,         // re-sent by the application's replay from the client's last event id
  };
  std::uint64_t id;
  sim::Time at;
  // The recipient socket's id (server emits) or the server's name, as EventLog::name_id gave
  // it: a broadcast records one transmission per socket, and a string each would be most of
  // the log's memory.
  std::uint32_t to;
  Kind kind;
};

// What became of an emit that asked for an acknowledgement.
struct AckOutcome {
  std::uint64_t id;  // the event
  sim::Time at;
  bool acknowledged;  // else the callback got an error (or, without a timeout, never ran)
  std::string error;  // "operation has timed out", "socket has been disconnected"
  int tries = 1;      // sends, with the retry queue
};

class EventLog {
 public:
  // Registers an emit and returns its id.
  std::uint64_t emitted(sim::Time at, std::string sender, std::string name,
                        std::size_t payload_bytes) {
    const std::uint64_t id = emitted_.size();
    emitted_.push_back({id, at, std::move(sender), std::move(name), payload_bytes});
    return id;
  }
  void received(ReceivedEvent r) { received_.push_back(std::move(r)); }
  // A small number for a socket id or a node name, the same for equal names (look them up
  // once, not per record).
  std::uint32_t name_id(const std::string& name) {
    const auto [it, fresh] = name_ids_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (fresh) names_.push_back(name);
    return it->second;
  }
  const std::string& name(std::uint32_t id) const { return names_.at(id); }
  void transmitted(Transmission t) { transmissions_.push_back(std::move(t)); }
  // A client learnt its socket id (each CONNECT ack): server-side records name sockets by id.
  void bind(const std::string& socket_id, const std::string& client) {
    clients_by_socket_[socket_id] = client;
  }
  // Sets the audience of the last emitted event.
  void set_audience(std::uint64_t id, std::string nsp, std::vector<std::string> rooms,
                    std::vector<std::string> except) {
    emitted_[id].nsp = std::move(nsp);
    emitted_[id].rooms = std::move(rooms);
    emitted_[id].except = std::move(except);
  }
  void settled(AckOutcome a) { acks_.push_back(std::move(a)); }

  const std::vector<EmittedEvent>& emitted() const { return emitted_; }
  const std::deque<ReceivedEvent>& received() const { return received_; }
  const std::vector<AckOutcome>& acks() const { return acks_; }
  const std::deque<Transmission>& transmissions() const { return transmissions_; }
  // The client a socket id belongs to (empty if unknown).
  std::string client_of(const std::string& socket_id) const {
    const auto it = clients_by_socket_.find(socket_id);
    return it == clients_by_socket_.end() ? std::string() : it->second;
  }

  // The JSON argument an event carries: a string holding the id, padded to `bytes` characters
  // (at least the id's digits and a colon) — `"17:xxxx…"`.
  static std::string payload(std::uint64_t id, std::size_t bytes);
  // The id in such an argument (the raw JSON text), if it is one.
  static bool parse_payload(std::string_view json, std::uint64_t& id);

 private:
  std::vector<EmittedEvent> emitted_;
  // One record per delivery and per write: a deque grows without copying what it holds (a
  // vector's doubling copied hundreds of MB and briefly held both copies in a large run).
  std::deque<ReceivedEvent> received_;
  std::vector<AckOutcome> acks_;
  std::deque<Transmission> transmissions_;
  std::map<std::string, std::string> clients_by_socket_;
  std::map<std::string, std::uint32_t> name_ids_;
  std::vector<std::string> names_;  // by name id
};

}  // namespace netsim::realtime
