// A recorded timeline of Socket.IO actions (for instance exported from a real application's logs)
// as the scripts of simulated clients and servers: `netsim replay TRACE --scenario NETWORK.yaml`
// runs it through the scenario's network. The format is documented in docs/scenarios.md,
// *Replaying a trace*: CSV with a header (`.csv`) or one JSON object per line (`.jsonl`), each line
// one action (`connect`, `disconnect`, `emit`, `listen`, `unlisten`, `join`, `leave`) of a client
// at a time, or an `emit` of a server.
//
// Reading is two steps, so that each mistake is reported where it is, as
// TRACE:LINE:COLUMN: field: message (a ScenarioError, exit status 2): read_trace checks every line
// on its own (syntax, field values), add_trace checks the lines together against the scenario
// (time order, the sequence of each client's actions, nodes, servers and rooms) and turns them
// into the same apps::ClientScript and apps::ServerScript a YAML scenario gives, so a replay is
// the run of an equivalent scenario.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/document.h"
#include "models/scenario/scenario_config.h"
#include "models/tcp/tcp_config.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::scenario {

enum class TraceAction : std::uint8_t { Connect, Disconnect, Emit, Listen, Unlisten, Join, Leave };
std::string_view to_string(TraceAction action);

enum class TraceFormat : std::uint8_t { Csv, JsonLines };

// One line of a trace, each field checked on its own.
struct TraceEntry {
  int line = 0;  // in the file, from 1
  sim::Time time;
  std::string client;  // a client's name, or a server's (for a server's emit)
  TraceAction action = TraceAction::Connect;
  std::string event;  // emit, listen, unlisten; empty with `any`
  bool any = false;   // listen/unlisten `*`: onAny
  std::string room;   // join, leave; a server emit's room (empty: every socket)
  sim::Bytes size;    // emit
  bool is_volatile = false;
  bool ack = false;
  std::optional<std::string> node;     // the client's host
  std::optional<std::string> server;   // the server it connects to
  std::map<std::string, int> columns;  // field → column it was written at (from 1), for errors
};

struct Trace {
  std::string file;                 // as given: errors name it
  std::vector<TraceEntry> entries;  // in file order
};

// The fields a trace line may have, in the documented order.
const std::vector<std::string>& trace_fields();

// Reads a trace file, its format told by its extension (.csv, .jsonl). Throws a ScenarioError at
// the first malformed line.
Trace read_trace(const std::string& path);
// The same from text; `label` names it in errors.
Trace parse_trace(std::string_view text, const std::string& label, TraceFormat format);

// Adds the trace to `config`, a scenario with realtime servers: a realtime client per client
// (in order of first appearance, after the scenario's own, with the default options and
// `client_tcp`), and the servers' emits and per-client rooms. Throws a ScenarioError at the first
// line that does not fit the scenario or the lines before it.
void add_trace(const Trace& trace, const tcp::TcpConfig& client_tcp, ScenarioConfig& config);

// The TCP settings a scenario's realtime clients start from, read from its composed document
// as the loader reads them: its top-level `tcp` (over the `rfc` preset), with Nagle's algorithm
// off.
tcp::TcpConfig realtime_client_tcp(const DocPtr& document);

}  // namespace netsim::scenario
