// Mitigations for missed Socket.IO events (PROTOCOLS §9.4, §10, §12.3), each a change to a
// scenario's realtime applications, compared side by side on identical network conditions: the
// same scenario and seed, so every random stream (loss, jitter, backoff draws of components the
// mitigation does not touch) replays identically — common random numbers.
//
//   none             the scenario as written
//   listeners_first  every listener registered before connecting (clients at their start, none
//                    inside the `connect` handler; servers before any await: `after` 0)
//   on_any           an `onAny` listener everywhere (logging: shows what arrives unhandled; it
//                    is not a buffer, so it saves nothing)
//   acks_retries     client → server at-least-once: `retries: 3`, `ackTimeout: 5s` (v4.6+)
//   server_replay    server → client at-least-once: clients send the id of the last event they
//                    handled when they connect, and the server replays what came after it
//   state_recovery   Socket.IO connection state recovery (`maxDisconnectionDuration` 2 min)
//   dedup            both sides handle an event id at most once (with acks_retries: exactly-once)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::scenario {

struct ScenarioConfig;

enum class Mitigation : std::uint8_t {
  None,
  ListenersFirst,
  OnAny,
  AcksRetries,
  ServerReplay,
  StateRecovery,
  Dedup,
};

std::string_view to_string(Mitigation m);
std::optional<Mitigation> mitigation_from_name(std::string_view name);
const std::vector<std::string>& mitigation_names();

// One strategy: one mitigation or several together (named "a+b").
struct MitigationSet {
  std::vector<Mitigation> parts;
  std::string name() const;
};

// The scenario with the strategy applied to its realtime servers and clients.
ScenarioConfig apply_mitigation(const ScenarioConfig& config, const MitigationSet& set);

}  // namespace netsim::scenario
