// Engine.IO / Socket.IO options with the reference defaults (socket.io 4.8.3, engine.io 6.6.9,
// socket.io-client 4.8.3, engine.io-client 6.6.6; unchanged in the engine.io 6.6.12 and
// engine.io-client 6.6.8 that the validation lockfiles resolve). See PROTOCOLS.md §7.2, §10.1,
// §11.1 and the cheat-sheet in §15. Plain data: the models read them, nothing here acts on them.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/time.h"

namespace netsim::socketio {

enum class Transport : std::uint8_t { Polling, WebSocket };

// Connection state recovery (socket.io lib/index.ts L112-125, L329-338; WEB
// connection-state-recovery.md). Disabled unless the server sets the option.
struct ConnectionStateRecoveryOptions {
  bool enabled = false;  // `connectionStateRecovery` is undefined by default
  // How long a disconnected session (and the packets it missed) is kept.
  sim::Duration max_disconnection_duration = sim::ms(120000);
  // Skip io.use() middlewares when a session is recovered. The JSDoc and the code default to
  // true (a docs example shows false).
  bool skip_middlewares = true;
  // Not an option: socket.io-adapter's SessionAwareAdapter prunes expired sessions and packets on
  // a fixed 60 s timer (in-memory-adapter.ts L420-435).
  sim::Duration cleanup_interval = sim::ms(60000);
};

struct ServerOptions {
  // engine.io lib/server.ts L196-200 (WEB server-options.md).
  sim::Duration ping_interval = sim::ms(25000);
  sim::Duration ping_timeout = sim::ms(20000);  // 20000 since v4.0.0
  sim::Duration upgrade_timeout = sim::ms(10000);
  std::int64_t max_http_buffer_size = 1000000;  // 1e6 bytes, sent to clients as maxPayload
  std::vector<Transport> transports = {Transport::Polling, Transport::WebSocket};
  bool allow_upgrades = true;
  bool per_message_deflate = false;
  std::int64_t http_compression_threshold = 1024;  // bytes (httpCompression.threshold)
  // socket.io lib/index.ts L324, lib/client.ts L101: close the connection if it joins no
  // namespace within this time ("forced server close").
  sim::Duration connect_timeout = sim::ms(45000);
  ConnectionStateRecoveryOptions connection_state_recovery;
};

struct ClientOptions {
  // engine.io-client: polling first, then upgrade. The reference's default list also has
  // "webtransport", which the server does not enable by default (PROTOCOLS.md §7.4), so it is
  // left out.
  std::vector<Transport> transports = {Transport::Polling, Transport::WebSocket};
  bool upgrade = true;
  bool remember_upgrade = false;
  bool timestamp_requests = true;  // the "t=" cache-buster on polling requests
  // socket.io-client lib/manager.ts L172-181 (WEB client-options.md "Manager options").
  bool reconnection = true;
  // nullopt = Infinity. `opts.reconnectionAttempts || Infinity`: 0 also means Infinity.
  std::optional<std::int64_t> reconnection_attempts;
  // `opts.reconnectionDelay || 1000`: 0 becomes 1000.
  sim::Duration reconnection_delay = sim::ms(1000);
  // `opts.reconnectionDelayMax || 5000`: 0 becomes 5000.
  sim::Duration reconnection_delay_max = sim::ms(5000);
  // `opts.randomizationFactor ?? 0.5`: 0 is honoured (no jitter).
  double randomization_factor = 0.5;
  // Per connection attempt: opening the engine (handshake), not the namespace CONNECT.
  sim::Duration timeout = sim::ms(20000);
  bool auto_connect = true;
  // socket.io-client lib/socket.ts (v4.6.0+): at-least-once delivery with retries; both unset
  // by default.
  std::optional<int> retries;
  std::optional<sim::Duration> ack_timeout;
};

}  // namespace netsim::socketio
