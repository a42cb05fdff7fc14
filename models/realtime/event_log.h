// Every Socket.IO event the simulated applications emit gets an id, carried in its payload, so
// that whoever receives it can say which emit it came from: the basis of per-event latency and
// of the accounting of who received, handled or missed what. One log per run.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/realtime/transmission_log.h"
#include "sim/assert.h"
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

// One per delivery, so 24 bytes: a large run logs millions (EventLog::received).
struct ReceivedEvent {
  std::uint32_t id;         // the emit's (EventLog::kUnknownId: none of this run's)
  std::uint32_t recipient;  // the client's (or server's) name, as EventLog::name_id gave it
  sim::Time at;
  std::uint16_t listeners;      // specific listeners that ran (0: unhandled, dropped silently)
  std::uint16_t any_listeners;  // onAny listeners that saw it
  bool buffered = false;        // arrived before the CONNECT ack (a recovery replay) and waited
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
    NETSIM_ASSERT(id < kUnknownId, "event log: 2^32 - 1 emits in one run");
    emitted_.push_back({id, at, std::move(sender), std::move(name), payload_bytes});
    return id;
  }
  // An id no emit of a run has (ids count emits: a run holds fewer than 2^32 of them).
  static constexpr std::uint32_t kUnknownId = 0xffffffff;
  // `id` as a payload gave it (a peer may send any number); counts above 65,535 (listeners
  // registered that many times) are logged as 65,535.
  void received(std::uint64_t id, std::uint32_t recipient, sim::Time at, int listeners,
                int any_listeners, bool buffered = false) {
    received_.push_back({id < kUnknownId ? static_cast<std::uint32_t>(id) : kUnknownId, recipient,
                         at, saturated(listeners), saturated(any_listeners), buffered});
  }
  // A small number for a socket id or a node name, the same for equal names (look them up
  // once, not per record).
  std::uint32_t name_id(const std::string& name) {
    const auto [it, fresh] = name_ids_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (fresh) names_.push_back(name);
    return it->second;
  }
  const std::string& name(std::uint32_t id) const { return names_.at(id); }
  void transmitted(const Transmission& t) { transmissions_.add(t); }
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
  const TransmissionLog& transmissions() const { return transmissions_; }
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
  static std::uint16_t saturated(int count) {
    return static_cast<std::uint16_t>(std::clamp(count, 0, 0xffff));
  }

  // One record per delivery and per write: a deque grows without copying what it holds (a
  // vector's doubling copied hundreds of MB and briefly held both copies in a large run).
  std::deque<ReceivedEvent> received_;
  std::vector<AckOutcome> acks_;
  TransmissionLog transmissions_;
  std::map<std::string, std::string> clients_by_socket_;
  std::map<std::string, std::uint32_t> name_ids_;
  std::vector<std::string> names_;  // by name id
};

}  // namespace netsim::realtime
