// The reports of a run's Socket.IO servers and clients: realtime_timeline.csv (what happened to
// every connection, in time order), realtime_events.csv (one row per event received),
// realtime_clients.csv (one row per client) and the lines of the terminal summary. Columns are
// documented in docs/outputs.md.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "models/realtime/delivery_accounting.h"
#include "models/scenario/scenario_run.h"

namespace netsim::report {

// One client's figures, from the run's timeline and event log.
struct RealtimeClientSummary {
  std::string client;
  std::string group;
  std::string node;
  std::string server;
  std::uint64_t connects = 0;              // Socket.IO CONNECT acks received
  std::uint64_t disconnects = 0;           // `disconnect` events, whatever the reason
  std::uint64_t reconnections = 0;         // successful reconnections of the Manager
  std::uint64_t recovered = 0;             // connects with the session recovered
  std::uint64_t emitted = 0;               // events the client emitted
  std::uint64_t received = 0;              // events that reached the client's socket
  std::uint64_t handled = 0;               // ... with at least one listener for their name
  std::uint64_t unhandled = 0;             // ... with none: dropped silently
  std::uint64_t repeated = 0;              // ... handled by more than one listener
  std::uint64_t replayed = 0;              // ... replayed by recovery before the CONNECT ack
  std::vector<std::int64_t> latencies_ns;  // of received events, sorted
  std::uint64_t acks_ok = 0;
  std::uint64_t acks_failed = 0;
  std::uint64_t volatile_dropped = 0;  // volatile emits dropped, the transport not writable
  bool connected_at_end = false;
};

std::vector<RealtimeClientSummary> summarize_realtime_clients(const scenario::ScenarioRun& run);
// Adds `c`'s counts and latencies (appended, not sorted) to `total`: a group's figures together.
void accumulate(RealtimeClientSummary& total, const RealtimeClientSummary& c);

void write_realtime_timeline_csv(std::ostream& out, const scenario::ScenarioRun& run);
void write_realtime_events_csv(std::ostream& out, const scenario::ScenarioRun& run);
void write_realtime_clients_csv(std::ostream& out,
                                const std::vector<RealtimeClientSummary>& clients);

// Each client's presence (its page's connect … disconnect spans, and its timed rooms).
std::vector<realtime::Participant> realtime_participants(const scenario::ScenarioRun& run);
// Every (event, intended recipient) of the run with its fate.
std::vector<realtime::Delivery> realtime_deliveries(const scenario::ScenarioRun& run);
// deliveries.csv: one row per (event, intended recipient) with its fate.
void write_deliveries_csv(std::ostream& out, const scenario::ScenarioRun& run,
                          const std::vector<realtime::Delivery>& deliveries);
// missed.csv: fate counts over everything, per recipient and per event name.
void write_missed_csv(std::ostream& out, const std::vector<realtime::Delivery>& deliveries,
                      const realtime::EventLog& log);
// One line: intended deliveries, missed, and the causes.
std::string deliveries_line(const std::vector<realtime::Delivery>& deliveries);

// The terminal summary: a line per server, a row per client (a group in one row).
std::string realtime_table(const scenario::ScenarioRun& run,
                           const std::vector<RealtimeClientSummary>& clients);

}  // namespace netsim::report
