#include "models/socketio/recovery_store.h"

#include <algorithm>

#include "models/socketio/packet.h"

namespace netsim::socketio {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// in-memory-adapter.ts `shouldIncludePacket`.
bool should_include(const std::vector<std::string>& session_rooms, const StoredPacket& p) {
  const bool included =
      p.rooms.empty() || std::any_of(session_rooms.begin(), session_rooms.end(),
                                     [&p](const std::string& r) { return contains(p.rooms, r); });
  const bool not_excluded =
      std::none_of(session_rooms.begin(), session_rooms.end(),
                   [&p](const std::string& r) { return contains(p.except, r); });
  return included && not_excluded;
}

}  // namespace

std::string_view to_string(RestoreFailure failure) {
  switch (failure) {
    case RestoreFailure::None:
      return "none";
    case RestoreFailure::UnknownSession:
      return "unknown session";
    case RestoreFailure::Expired:
      return "session expired";
    case RestoreFailure::OffsetNotFound:
      return "offset not found";
  }
  return "?";
}

const StoredPacket& RecoveryStore::store(sim::Time now, const std::string& nsp,
                                         std::string_view array_json,
                                         std::vector<std::string> rooms,
                                         std::vector<std::string> except, std::uint64_t event_id) {
  catch_up(now);
  // The reference reads Date.now(): the simulated clock from the configured epoch.
  std::string offset = yeast_.next(epoch_unix_ms_ + now.ns() / 1'000'000);
  const std::optional<std::string> with_offset = append_offset(array_json, offset);
  const std::string data = encode(
      Packet{PacketType::Event, nsp, std::nullopt, with_offset.value_or(std::string(array_json))});
  packets_.push_back(StoredPacket{nsp, std::move(offset), std::move(rooms), std::move(except), data,
                                  event_id, now});
  return packets_.back();
}

void RecoveryStore::persist(sim::Time now, PersistedSession session) {
  catch_up(now);
  session.disconnected_at = now;
  const std::string pid = session.pid;
  sessions_[pid] = std::move(session);
}

std::optional<RestoredSession> RecoveryStore::restore(sim::Time now, const std::string& nsp,
                                                      const std::string& pid,
                                                      const std::string& offset,
                                                      RestoreFailure* why) {
  const auto fail = [why](RestoreFailure f) {
    if (why != nullptr) *why = f;
    return std::nullopt;
  };
  catch_up(now);
  const auto it = sessions_.find(pid);
  // Another namespace's session is unknown to this namespace's adapter.
  if (it == sessions_.end() || it->second.nsp != nsp) return fail(RestoreFailure::UnknownSession);
  if (it->second.disconnected_at + max_ < now) {
    sessions_.erase(it);
    return fail(RestoreFailure::Expired);
  }
  const auto at = std::find_if(packets_.begin(), packets_.end(), [&](const StoredPacket& p) {
    return p.nsp == nsp && p.offset == offset;
  });
  if (at == packets_.end()) return fail(RestoreFailure::OffsetNotFound);
  RestoredSession restored{it->second, {}};
  for (auto p = std::next(at); p != packets_.end(); ++p) {
    if (p->nsp == nsp && should_include(restored.session.rooms, *p)) {
      restored.missed.push_back(&*p);
    }
  }
  if (why != nullptr) *why = RestoreFailure::None;
  return restored;
}

void RecoveryStore::catch_up(sim::Time now) {
  if (interval_ <= sim::Duration::zero() || now < created_at_) return;
  const std::int64_t ticks = (now - created_at_).ns() / interval_.ns();
  if (ticks <= ticks_done_) return;
  ticks_done_ = ticks;
  cleanup(created_at_ + sim::Duration::from_ns(interval_.ns() * ticks));
}

void RecoveryStore::cleanup(sim::Time tick) {
  // Expired: disconnectedAt / emittedAt < Date.now() − maxDisconnectionDuration.
  const sim::Time threshold = tick - max_;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.disconnected_at < threshold ? sessions_.erase(it) : std::next(it);
  }
  // Packets are in emit order: drop up to the newest expired one.
  const auto last_expired =
      std::find_if(packets_.rbegin(), packets_.rend(),
                   [threshold](const StoredPacket& p) { return p.emitted_at < threshold; });
  if (last_expired != packets_.rend()) packets_.erase(packets_.begin(), last_expired.base());
}

}  // namespace netsim::socketio
