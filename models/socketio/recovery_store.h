// Connection state recovery on the server (socket.io 4.6+, PROTOCOLS §10): socket.io-adapter's
// SessionAwareAdapter (in-memory-adapter.ts L312-396) as a plain data structure.
//
// Every broadcast EVENT without an ack id and not volatile is stored with a yeast offset, which
// is also appended to the packet's data array so that the client learns the offset of the last
// packet it processed. A socket that disconnects for a recoverable reason is persisted
// (id, pid, rooms, disconnectedAt). When a client reconnects with that pid and an offset, the
// session is restored if it has not expired (disconnectedAt + maxDisconnectionDuration ≥ now)
// and the offset is still stored; the packets after the offset that were addressed to the
// session's rooms (and not excluded) are replayed. A restore does not delete the session (only
// the 60 s cleanup or an expired lookup does). The cleanup timer deletes sessions and packets
// older than maxDisconnectionDuration; it fires every 60 s from the adapter's creation, and as
// only its latest firing matters, the store applies it lazily whenever it is used.
//
// Each namespace has its own adapter (namespace.ts `this.adapter = new (server.adapter())(this)`):
// a session is restored only on the namespace it was persisted on, from that namespace's
// packets. One store holds them all, each packet and session tagged with its namespace; the
// offsets come from one yeast for all, as socket.io-adapter's module-level `yeast()` does.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/socketio/yeast.h"
#include "sim/time.h"

namespace netsim::socketio {

struct StoredPacket {
  std::string nsp;
  std::string offset;               // yeast id
  std::vector<std::string> rooms;   // opts.rooms (empty: the whole namespace)
  std::vector<std::string> except;  // opts.except
  std::string data;                 // encoded Socket.IO packet, offset included
  std::uint64_t event_id = 0;       // the simulator's id of the event (for accounting)
  sim::Time emitted_at;
};

struct PersistedSession {
  std::string id;   // socket id, kept on recovery
  std::string pid;  // private id
  std::vector<std::string> rooms;
  sim::Time disconnected_at;
  std::string nsp = "/";
};

struct RestoredSession {
  PersistedSession session;
  std::vector<const StoredPacket*> missed;  // valid until the store changes
};

// Why a restore failed (in-memory-adapter.ts `restoreSession` returns null in each case).
enum class RestoreFailure : std::uint8_t { None, UnknownSession, Expired, OffsetNotFound };
std::string_view to_string(RestoreFailure failure);

class RecoveryStore {
 public:
  RecoveryStore(sim::Time created_at, sim::Duration max_disconnection_duration,
                sim::Duration cleanup_interval, std::int64_t epoch_unix_ms)
      : created_at_(created_at),
        max_(max_disconnection_duration),
        interval_(cleanup_interval),
        epoch_unix_ms_(epoch_unix_ms) {}

  // `broadcast` of an EVENT (no ack id, not volatile) on namespace `nsp` with data array
  // `array_json`: stores it with a new offset appended to the array, and returns it (its
  // `data` is the encoded packet to send).
  const StoredPacket& store(sim::Time now, const std::string& nsp, std::string_view array_json,
                            std::vector<std::string> rooms, std::vector<std::string> except,
                            std::uint64_t event_id);

  void persist(sim::Time now, PersistedSession session);
  // restoreSession(pid, offset) on namespace `nsp`'s adapter.
  std::optional<RestoredSession> restore(sim::Time now, const std::string& nsp,
                                         const std::string& pid, const std::string& offset,
                                         RestoreFailure* why = nullptr);
  // Runs the cleanup the 60 s timer would have run by `now` (its latest firing).
  void catch_up(sim::Time now);

  std::size_t sessions() const { return sessions_.size(); }
  std::size_t packets() const { return packets_.size(); }
  void clear() {
    sessions_.clear();
    packets_.clear();
  }

 private:
  void cleanup(sim::Time tick);

  sim::Time created_at_;
  sim::Duration max_;
  sim::Duration interval_;
  std::int64_t epoch_unix_ms_;
  std::int64_t ticks_done_ = 0;  // cleanup firings applied
  Yeast yeast_;
  std::map<std::string, PersistedSession> sessions_;  // by pid
  std::deque<StoredPacket> packets_;                  // in emit order
};

}  // namespace netsim::socketio
