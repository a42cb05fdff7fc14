// What a Socket.IO client is: its name, the server it connects to, the namespace it joins, the
// socket.io-client options (the reference defaults) and the application's own behaviour.
#pragma once

#include <cstdint>
#include <string>

#include "models/realtime/server.h"
#include "models/socketio/options.h"
#include "models/socketio/yeast.h"
#include "models/tcp/tcp_config.h"

namespace netsim::realtime {

struct ClientSpec {
  std::string name = "client";
  std::uint16_t port = 80;
  // Application behaviour (the mitigations of PROTOCOLS §9.4, §12.3), not Socket.IO options:
  // handle each event id at most once (deduplication: exactly-once with retries), and send the
  // id of the last server event handled in the CONNECT's auth (`lastEventId`), for a server
  // that replays what came after it. Here, after `port`, because every event reads `dedup`:
  // it stays among the fields a Client lists for prefetching (Client::list_receive_state).
  bool dedup = false;
  bool send_last_event_id = false;
  std::string nsp = "/";  // also read by every event: in the listed span too
  std::string host = "server";
  std::string server_name = "server";  // the server's name in reports (its ServerSpec::name)
  std::string path = "/socket.io/";
  // Fetch {path}socket.io.js over HTTP/1.1 before connecting (the page loading the library), on
  // its own keep-alive connection as a browser would.
  bool fetch_script = false;
  // The script request's Accept-Encoding: what Chrome and Firefox send to an http: origin (they
  // offer br and zstd only over https:, as Chromium's "Intent to Ship: Brotli" of 2016 set for
  // br). Empty: no field, and the file comes uncompressed.
  std::string accept_encoding = "gzip, deflate";
  socketio::ClientOptions options;  // the reference defaults
  // A representative browser User-Agent (its length is what matters: bytes on the wire).
  std::string user_agent =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
      "Safari/537.36";
  // Wall-clock time of simulated time 0 (the `t` cache-buster reads Date.now()).
  std::int64_t epoch_unix_ms = socketio::kDefaultEpochUnixMs;
  // Browsers (Chromium's TCPClientSocket) and Node's ws client disable Nagle's algorithm.
  tcp::TcpConfig tcp = ServerSpec::no_delay();
};

}  // namespace netsim::realtime
