// When each side of a session gives up on a silent peer, as the reference does it (socket.io
// 4.8.3 with engine.io 6.6.12, socket.io-client 4.8.3 with engine.io-client 6.6.8, over real
// localhost connections), for tests/realtime/heartbeat_golden_test.cc, which feeds the same
// packets to netsim's Engine.IO sessions (tests/data/heartbeat_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/heartbeat_golden && npm ci && node generate.js > ../../../tests/data/heartbeat_golden.tsv
//
// Server: pingInterval 300 ms, pingTimeout 200 ms; the client: WebSocket only, no reconnection.
// Each case waits for the server's second ping, then:
//   no-pong                     the client stops answering pings and sends nothing else;
//   message-while-waiting       the same, but the client emits one event 100 ms after that ping;
//   two-messages-while-waiting  the same, with events 50 ms and 150 ms after it;
//   client-deaf                 the client stops reading its connection (pings no longer reach
//                               it; its pong to the second ping has gone).
// Recorded per case: the server's disconnect reason and the time from the ping it never got a
// pong for to that disconnect, and the client's reason and the time from the last ping it
// received to its disconnect. Times are in whole milliseconds, the least of five runs of each
// case (Node's timers run off libuv's loop clock: timed with performance.now() they fire up to
// 1 ms early and a few late; the reasons and ping counts must agree across the runs). The test
// allows for that.
"use strict";

const http = require("http");
const { performance } = require("perf_hooks");
const { Server } = require("socket.io");
const { io } = require("socket.io-client");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(name, { emitsAfterPing = [], deaf = false }) {
  const server = http.createServer();
  const ioServer = new Server(server, { pingInterval: 300, pingTimeout: 200 });
  let serverSide = null;
  let lastServerPing = 0;
  let serverPings = 0;
  ioServer.on("connection", (s) => {
    s.conn.on("packetCreate", (p) => {
      if (p.type !== "ping") return;
      lastServerPing = performance.now();
      ++serverPings;
    });
    s.on("disconnect", (reason) => {
      serverSide = [reason, Math.round(performance.now() - lastServerPing)];
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = io(`http://127.0.0.1:${server.address().port}`, {
    transports: ["websocket"],
    reconnection: false,
  });
  await new Promise((resolve) => client.on("connect", resolve));
  const engine = client.io.engine;
  // The engine answers a ping from inside its packet handler (socket.ts `_onPacket`); dropping
  // that one call makes a client that hears pings and does not answer them.
  const sendPacket = engine._sendPacket;
  let silent = false;
  engine._sendPacket = function (type, ...rest) {
    if (silent && type === "pong") return;
    return sendPacket.call(this, type, ...rest);
  };
  let clientPings = 0;
  let lastClientPing = 0;
  let clientSide = null;
  engine.on("ping", () => {
    lastClientPing = performance.now();
    ++clientPings;
    if (clientPings === 2) {
      if (deaf) {
        engine.transport.ws._socket.pause();
      } else {
        silent = true;
      }
    } else if (clientPings === 3) {
      for (const ms of emitsAfterPing) setTimeout(() => client.emit("chat", "hi"), ms);
    }
  });
  client.on("disconnect", (reason) => {
    clientSide = [reason, Math.round(performance.now() - lastClientPing)];
  });
  while (serverSide === null || clientSide === null) await sleep(5);
  client.close();
  ioServer.close();
  await sleep(50);
  return [name, serverPings, ...serverSide, ...clientSide];
}

async function leastOf(runs, name, options) {
  let best = null;
  for (let i = 0; i < runs; ++i) {
    const row = await run(name, options);
    if (best === null) {
      best = row;
      continue;
    }
    if (row[1] !== best[1] || row[2] !== best[2] || row[4] !== best[4]) {
      throw new Error(`${name}: runs disagree: ${best.join(" ")} / ${row.join(" ")}`);
    }
    best[3] = Math.min(best[3], row[3]);
    best[5] = Math.min(best[5], row[5]);
  }
  return best;
}

(async () => {
  const rows = [
    await leastOf(5, "no-pong", {}),
    await leastOf(5, "message-while-waiting", { emitsAfterPing: [100] }),
    await leastOf(5, "two-messages-while-waiting", { emitsAfterPing: [50, 150] }),
    await leastOf(5, "client-deaf", { deaf: true }),
  ];
  console.log("# case\tserver pings\tserver reason\tms after its unanswered ping" +
              "\tclient reason\tms after its last ping");
  for (const r of rows) console.log(r.join("\t"));
  process.exit(0);
})();
