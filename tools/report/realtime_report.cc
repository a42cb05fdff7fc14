#include "tools/report/realtime_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "tools/report/csv.h"
#include "tools/report/flow_summary.h"
#include "tools/report/summary_table.h"

namespace netsim::report {

namespace {

// ns as a decimal number of a larger unit, exactly: seconds with 9 decimals, ms with 6.
std::string decimal(std::int64_t ns, std::int64_t per_unit, int decimals) {
  return fmt::format("{}.{:0{}}", ns / per_unit, ns % per_unit, decimals);
}
std::string seconds(sim::Time t) { return decimal(t.ns(), 1'000'000'000, 9); }
std::string milliseconds(sim::Duration d) { return decimal(d.ns(), 1'000'000, 6); }

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string quantile_ms(const std::vector<std::int64_t>& sorted, double q, int decimals) {
  const double v = quantile(sorted, q);
  return std::isnan(v) ? std::string() : fmt::format("{:.{}f}", v / 1e6, decimals);
}

}  // namespace

std::vector<RealtimeClientSummary> summarize_realtime_clients(const scenario::ScenarioRun& run) {
  std::vector<RealtimeClientSummary> out;
  std::map<std::string, std::size_t> index;
  for (const scenario::RealtimeClientRun& c : run.realtime_clients()) {
    index.emplace(c.name, out.size());
    RealtimeClientSummary& s = out.emplace_back();
    s.client = c.name;
    s.group = c.group;
    s.node = c.node;
    s.server = c.server;
    s.reconnections = c.client->reconnections();
    s.connected_at_end = c.client->connected();
  }
  const auto of = [&](const std::string& name) -> RealtimeClientSummary* {
    const auto it = index.find(name);
    return it == index.end() ? nullptr : &out[it->second];
  };
  for (const realtime::TimelineEntry& e : run.realtime_timeline().entries()) {
    RealtimeClientSummary* s = of(e.who);
    if (s == nullptr) continue;
    if (e.what == "connect") {
      ++s->connects;
      if (ends_with(e.detail, " recovered")) ++s->recovered;
    } else if (e.what == "disconnect") {
      ++s->disconnects;
    } else if (e.what == "volatile-dropped") {
      ++s->volatile_dropped;
    }
  }
  const realtime::EventLog& log = run.realtime_events();
  for (const realtime::EmittedEvent& e : log.emitted()) {
    if (RealtimeClientSummary* s = of(e.sender)) ++s->emitted;
  }
  for (const realtime::ReceivedEvent& r : log.received()) {
    RealtimeClientSummary* s = of(log.name(r.recipient));
    if (s == nullptr || r.id >= log.emitted().size()) continue;
    ++s->received;
    ++(r.listeners > 0 ? s->handled : s->unhandled);
    s->repeated += r.listeners > 1 ? 1 : 0;
    s->replayed += r.buffered ? 1 : 0;
    s->latencies_ns.push_back((r.at - log.emitted()[r.id].at).ns());
  }
  for (const realtime::AckOutcome& a : log.acks()) {
    if (RealtimeClientSummary* s = of(log.emitted()[a.id].sender)) {
      ++(a.acknowledged ? s->acks_ok : s->acks_failed);
    }
  }
  for (RealtimeClientSummary& s : out) std::sort(s.latencies_ns.begin(), s.latencies_ns.end());
  return out;
}

void write_realtime_timeline_csv(std::ostream& out, const scenario::ScenarioRun& run) {
  CsvRow row;
  row.add("time_s").add("who").add("what").add("detail").write_to(out);
  for (const realtime::TimelineEntry& e : run.realtime_timeline().entries()) {
    row.add(seconds(e.at)).add(e.who).add(e.what).add(e.detail).write_to(out);
  }
}

void write_realtime_events_csv(std::ostream& out, const scenario::ScenarioRun& run) {
  CsvRow row;
  for (const char* column : {"event_id", "event", "sender", "emitted_s", "recipient", "received_s",
                             "latency_ms", "listeners", "any_listeners", "buffered"}) {
    row.add(column);
  }
  row.write_to(out);
  const realtime::EventLog& log = run.realtime_events();
  for (const realtime::ReceivedEvent& r : log.received()) {
    if (r.id >= log.emitted().size()) continue;  // an id no emit of this run has
    const realtime::EmittedEvent& e = log.emitted()[r.id];
    row.add(static_cast<std::uint64_t>(r.id))
        .add(e.name)
        .add(e.sender)
        .add(seconds(e.at))
        .add(log.name(r.recipient))
        .add(seconds(r.at))
        .add(milliseconds(r.at - e.at))
        .add(static_cast<std::int64_t>(r.listeners))
        .add(static_cast<std::int64_t>(r.any_listeners))
        .add(r.buffered ? "true" : "false")
        .write_to(out);
  }
}

void write_realtime_clients_csv(std::ostream& out,
                                const std::vector<RealtimeClientSummary>& clients) {
  CsvRow row;
  for (const char* column :
       {"client",          "node",           "server",           "connects",
        "disconnects",     "reconnections",  "recovered",        "emitted",
        "events_received", "events_handled", "events_unhandled", "events_repeated",
        "events_replayed", "latency_p50_ms", "latency_p99_ms",   "latency_max_ms",
        "acks_ok",         "acks_failed",    "volatile_dropped", "connected_at_end"}) {
    row.add(column);
  }
  row.write_to(out);
  for (const RealtimeClientSummary& c : clients) {
    row.add(c.client)
        .add(c.node)
        .add(c.server)
        .add(c.connects)
        .add(c.disconnects)
        .add(c.reconnections)
        .add(c.recovered)
        .add(c.emitted)
        .add(c.received)
        .add(c.handled)
        .add(c.unhandled)
        .add(c.repeated)
        .add(c.replayed)
        .add(quantile_ms(c.latencies_ns, 0.50, 6))
        .add(quantile_ms(c.latencies_ns, 0.99, 6))
        .add(quantile_ms(c.latencies_ns, 1.0, 6))
        .add(c.acks_ok)
        .add(c.acks_failed)
        .add(c.volatile_dropped)
        .add(c.connected_at_end ? "true" : "false")
        .write_to(out);
  }
}

void accumulate(RealtimeClientSummary& total, const RealtimeClientSummary& c) {
  total.connects += c.connects;
  total.disconnects += c.disconnects;
  total.reconnections += c.reconnections;
  total.recovered += c.recovered;
  total.emitted += c.emitted;
  total.received += c.received;
  total.handled += c.handled;
  total.unhandled += c.unhandled;
  total.repeated += c.repeated;
  total.replayed += c.replayed;
  total.latencies_ns.insert(total.latencies_ns.end(), c.latencies_ns.begin(), c.latencies_ns.end());
  total.acks_ok += c.acks_ok;
  total.acks_failed += c.acks_failed;
  total.volatile_dropped += c.volatile_dropped;
}

std::string realtime_table(const scenario::ScenarioRun& run,
                           const std::vector<RealtimeClientSummary>& clients) {
  std::string out;
  const realtime::EventLog& log = run.realtime_events();
  for (const scenario::RealtimeServerRun& s : run.realtime_servers()) {
    std::uint64_t connects = 0;
    std::uint64_t received = 0;
    for (const realtime::TimelineEntry& e : run.realtime_timeline().entries()) {
      connects += e.who == s.name && e.what == "connect" ? 1 : 0;
    }
    for (const realtime::ReceivedEvent& r : log.received()) {
      received += log.name(r.recipient) == s.name;
    }
    const auto& attempts = s.server->recovery_attempts();
    const auto recovered = static_cast<std::size_t>(
        std::count_if(attempts.begin(), attempts.end(),
                      [](const realtime::RecoveryAttempt& a) { return a.recovered; }));
    out += fmt::format(
        "server {} on {}: {} connections ({} now), {} recovered of {} attempts; {} events "
        "received, {} unhandled; {} volatile packets dropped\n",
        s.name, s.node, connects, s.server->connected_sockets(), recovered, attempts.size(),
        received, s.server->unhandled_events(), s.server->volatile_dropped());
  }
  // One row per client, or per group (its members' figures together).
  std::vector<std::vector<std::string>> rows{{"client", "server", "connects", "reconnections",
                                              "recovered", "received", "unhandled", "repeated",
                                              "p50 ms", "p99 ms", "acks ok", "acks failed"}};
  for (std::size_t i = 0; i < clients.size();) {
    RealtimeClientSummary group = clients[i];
    std::size_t members = 1;
    for (++i; i < clients.size() && clients[i].group == group.group; ++i, ++members) {
      accumulate(group, clients[i]);
    }
    std::sort(group.latencies_ns.begin(), group.latencies_ns.end());
    const auto blank = [](std::string s) { return s.empty() ? std::string("-") : s; };
    rows.push_back({members > 1 ? fmt::format("{}-1..{}", group.group, members) : group.client,
                    group.server, fmt::format("{}", group.connects),
                    fmt::format("{}", group.reconnections), fmt::format("{}", group.recovered),
                    fmt::format("{}", group.received), fmt::format("{}", group.unhandled),
                    fmt::format("{}", group.repeated),
                    blank(quantile_ms(group.latencies_ns, 0.50, 3)),
                    blank(quantile_ms(group.latencies_ns, 0.99, 3)),
                    fmt::format("{}", group.acks_ok), fmt::format("{}", group.acks_failed)});
  }
  if (rows.size() > 1) out += "\n" + format_table(rows, 2);
  return out;
}

std::vector<realtime::Participant> realtime_participants(const scenario::ScenarioRun& run) {
  std::vector<realtime::Participant> out;
  for (const scenario::RealtimeClientRun& c : run.realtime_clients()) {
    realtime::Participant p{c.name, c.server, {}, {}, c.client->spec().nsp};
    for (const apps::PresenceSpan& s : c.app->script().presence()) {
      p.present.push_back({s.from, s.until});
    }
    for (const scenario::RealtimeServerRun& s : run.realtime_servers()) {
      if (s.name != c.server) continue;
      for (const apps::RoomJoinScript& j : s.app->script().joins) {
        if (j.client == c.name) p.rooms.push_back({j.room, {j.at, j.leave_at}});
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<realtime::Delivery> realtime_deliveries(const scenario::ScenarioRun& run) {
  std::map<std::string, std::vector<std::string>> rooms;
  for (const scenario::RealtimeServerRun& s : run.realtime_servers()) {
    rooms[s.name] = s.app->script().rooms;
  }
  return realtime::account_deliveries(run.realtime_events(), realtime_participants(run), rooms);
}

void write_deliveries_csv(std::ostream& out, const scenario::ScenarioRun& run,
                          const std::vector<realtime::Delivery>& deliveries) {
  CsvRow row;
  for (const char* column :
       {"event_id", "event", "sender", "emitted_s", "recipient", "fate", "missed", "copies",
        "handled", "received_s", "handled_s", "latency_ms"}) {
    row.add(column);
  }
  row.write_to(out);
  const realtime::EventLog& log = run.realtime_events();
  for (const realtime::Delivery& d : deliveries) {
    const realtime::EmittedEvent& e = log.emitted()[d.event];
    row.add(d.event)
        .add(e.name)
        .add(e.sender)
        .add(seconds(e.at))
        .add(d.recipient)
        .add(realtime::to_string(d.fate))
        .add(realtime::is_missed(d.fate) ? "true" : "false")
        .add(static_cast<std::int64_t>(d.copies))
        .add(static_cast<std::int64_t>(d.handled));
    if (d.received_at) {
      row.add(seconds(*d.received_at));
    } else {
      row.add("");
    }
    if (d.handled_at) {
      row.add(seconds(*d.handled_at)).add(milliseconds(*d.handled_at - e.at));
    } else {
      row.add("").add("");
    }
    row.write_to(out);
  }
}

void write_missed_csv(std::ostream& out, const std::vector<realtime::Delivery>& deliveries,
                      const realtime::EventLog& log) {
  CsvRow row;
  row.add("scope").add("key").add("intended");
  for (int f = 0; f < realtime::kFates; ++f)
    row.add(realtime::to_string(static_cast<realtime::Fate>(f)));
  row.add("missed").write_to(out);
  realtime::FateCounts all;
  std::map<std::string, realtime::FateCounts> by_recipient, by_event;
  for (const realtime::Delivery& d : deliveries) {
    all.add(d.fate);
    by_recipient[d.recipient].add(d.fate);
    by_event[log.emitted()[d.event].name].add(d.fate);
  }
  const auto line = [&](std::string_view scope, const std::string& key,
                        const realtime::FateCounts& c) {
    row.add(scope).add(key).add(c.total());
    for (const std::uint64_t n : c.count) row.add(n);
    row.add(c.missed()).write_to(out);
  };
  line("all", "", all);
  for (const auto& [key, c] : by_recipient) line("recipient", key, c);
  for (const auto& [key, c] : by_event) line("event", key, c);
}

std::string deliveries_line(const std::vector<realtime::Delivery>& deliveries) {
  realtime::FateCounts c;
  for (const realtime::Delivery& d : deliveries) c.add(d.fate);
  std::string missed, other;
  for (int f = 0; f < realtime::kFates; ++f) {
    const auto fate = static_cast<realtime::Fate>(f);
    if (fate == realtime::Fate::Handled || c.count[f] == 0) continue;
    std::string& list = realtime::is_missed(fate) ? missed : other;
    list += (list.empty() ? "" : ", ") + std::to_string(c.count[f]) + " " +
            std::string(realtime::to_string(fate));
  }
  return fmt::format("deliveries: {} intended, {} missed{}{}\n", c.total(), c.missed(),
                     missed.empty() ? "" : " (" + missed + ")",
                     other.empty() ? "" : "; also " + other);
}

}  // namespace netsim::report
