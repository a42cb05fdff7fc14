#include "models/realtime/delivery_accounting.h"

#include <algorithm>
#include <map>

namespace netsim::realtime {

std::string_view to_string(Fate fate) {
  switch (fate) {
    case Fate::Handled:
      return "handled";
    case Fate::Unhandled:
      return "unhandled";
    case Fate::Duplicated:
      return "duplicated";
    case Fate::Recovered:
      return "recovered";
    case Fate::Replayed:
      return "replayed";
    case Fate::Late:
      return "late";
    case Fate::LostInFlight:
      return "lost_in_flight";
    case Fate::NotSent:
      return "not_sent_disconnected";
    case Fate::VolatileDropped:
      return "volatile_dropped";
  }
  return "?";
}

bool is_missed(Fate fate) {
  return fate == Fate::Unhandled || fate == Fate::LostInFlight || fate == Fate::NotSent ||
         fate == Fate::VolatileDropped;
}

std::uint64_t FateCounts::total() const {
  std::uint64_t n = 0;
  for (const std::uint64_t c : count) n += c;
  return n;
}

std::uint64_t FateCounts::missed() const {
  std::uint64_t n = 0;
  for (int f = 0; f < kFates; ++f) n += is_missed(static_cast<Fate>(f)) ? count[f] : 0;
  return n;
}

namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// What one recipient got of one event.
struct Seen {
  int copies = 0;
  int handled = 0;
  std::optional<sim::Time> received_at;
  std::optional<sim::Time> handled_at;
  bool recovered = false;  // the handled copy came from a recovery replay
  bool written = false, buffered = false, volatile_dropped = false;
  std::optional<sim::Time> replayed_at;
};

Fate fate_of(const Seen& s) {
  if (s.copies > 0) {
    // Handled from the application's replay: the copy handled arrived after the replay.
    const bool replayed = s.replayed_at && s.handled_at && *s.handled_at >= *s.replayed_at;
    return s.handled == 0  ? Fate::Unhandled
           : s.handled > 1 ? Fate::Duplicated
           : replayed      ? Fate::Replayed
           : s.recovered   ? Fate::Recovered
           : s.buffered    ? Fate::Late
                           : Fate::Handled;
  }
  return s.written            ? Fate::LostInFlight
         : s.volatile_dropped ? Fate::VolatileDropped
                              : Fate::NotSent;
}

}  // namespace

std::vector<Delivery> account_deliveries(
    const EventLog& log, const std::vector<Participant>& clients,
    const std::map<std::string, std::vector<std::string>>& server_rooms) {
  const std::size_t n = log.emitted().size();
  // Arrivals and transmissions by event id (ids are dense, in emit order).
  std::vector<std::vector<const ReceivedEvent*>> arrivals(n);
  for (const ReceivedEvent& r : log.received()) {
    if (r.id < n) arrivals[r.id].push_back(&r);
  }
  // Transmissions by run (a broadcast is one), not one by one: a large run holds millions.
  const TransmissionLog& transmissions = log.transmissions();
  std::vector<std::vector<std::size_t>> sent(n);
  for (std::size_t r = 0; r < transmissions.runs().size(); ++r) {
    if (transmissions.runs()[r].id < n) sent[transmissions.runs()[r].id].push_back(r);
  }
  std::map<std::string, const Participant*> by_name;
  for (const Participant& p : clients) by_name[p.name] = &p;
  static const std::vector<std::string> kNone;
  const auto rooms_of = [&](const std::string& server) -> const std::vector<std::string>& {
    const auto it = server_rooms.find(server);
    return it == server_rooms.end() ? kNone : it->second;
  };
  // Is `p` in `room` at `t`?
  const auto member = [&](const Participant& p, const std::string& room, sim::Time t) {
    if (log.client_of(room) == p.name) return true;  // its socket's own room
    if (contains(rooms_of(p.server), room)) return true;
    for (const auto& [r, span] : p.rooms) {
      if (r == room && span.contains(t)) return true;
    }
    return false;
  };

  std::vector<Delivery> out;
  std::vector<std::string> intended;
  std::map<std::string, Seen> seen;
  for (const EmittedEvent& e : log.emitted()) {
    intended.clear();
    const bool from_client = by_name.count(e.sender) > 0;
    if (from_client) {
      intended.push_back(by_name.at(e.sender)->server);  // a client's emit: for its server
    } else {
      for (const Participant& p : clients) {
        if (p.server != e.sender || p.nsp != e.nsp) continue;
        if (std::none_of(p.present.begin(), p.present.end(),
                         [&e](const Span& s) { return s.contains(e.at); })) {
          continue;
        }
        if (!e.rooms.empty() && std::none_of(e.rooms.begin(), e.rooms.end(),
                                             [&](const auto& r) { return member(p, r, e.at); })) {
          continue;
        }
        if (std::any_of(e.except.begin(), e.except.end(),
                        [&](const auto& r) { return member(p, r, e.at); })) {
          continue;
        }
        intended.push_back(p.name);
      }
    }
    // What each recipient got, in one pass over the event's arrivals and transmissions.
    seen.clear();
    for (const ReceivedEvent* r : arrivals[e.id]) {
      Seen& s = seen[log.name(r->recipient)];
      ++s.copies;
      if (!s.received_at) s.received_at = r->at;
      if (r->listeners > 0 && !s.handled_at) {
        s.handled_at = r->at;
        s.recovered = r->buffered;
      }
      s.handled += r->listeners;
    }
    for (const std::size_t run : sent[e.id]) {
      transmissions.for_each_in_run(run, [&](const Transmission& t) {
        const std::string& to = log.name(t.to);
        Seen& s = seen[from_client ? to : log.client_of(to)];
        s.written |= t.kind == Transmission::Kind::Written;
        s.buffered |= t.kind == Transmission::Kind::Buffered;
        s.volatile_dropped |= t.kind == Transmission::Kind::VolatileDropped;
        if (t.kind == Transmission::Kind::Replayed && !s.replayed_at) s.replayed_at = t.at;
      });
    }
    for (const std::string& recipient : intended) {
      const auto it = seen.find(recipient);
      const Seen none;
      const Seen& s = it == seen.end() ? none : it->second;
      Delivery d;
      d.event = e.id;
      d.recipient = recipient;
      d.fate = fate_of(s);
      d.copies = s.copies;
      d.handled = s.handled;
      d.received_at = s.received_at;
      d.handled_at = s.handled_at;
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace netsim::realtime
