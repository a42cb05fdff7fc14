// A client whose network goes away for 30 s, with the reference's defaults (socket.io 4.8.3 and
// socket.io-client 4.8.3 over real localhost connections; about 90 s of wall time), for
// tests/realtime/outage_golden_test.cc, which runs the same timeline in netsim
// (tests/data/outage_golden.tsv): the chat room, reduced to one client.
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/outage_golden && npm ci && node generate.js > ../../../tests/data/outage_golden.tsv
//
// Server: default pingInterval 25 s and pingTimeout 20 s, connectionStateRecovery with
// maxDisconnectionDuration 2 min; it broadcasts "news" at 1 s and every 5 s after. Client:
// default transports (long-polling, then the upgrade to WebSocket), `timeout` 5 s,
// reconnectionDelay 1 s without jitter (randomizationFactor 0); it emits "chat" at 4 s and every
// 5 s after. Its network is cut from 47.5 s to 77.5 s: it reaches the server through a TCP
// proxy that, from the cut on, forwards nothing on the connections it has and none on new ones
// (a dead path: nothing is closed or reset); after the cut it forwards new connections again.
// So: the ping of ~50 s is lost and both sides give up at ~70 s ("ping timeout"); the first
// reconnection attempt (71 s) finds no path and ends at its timeout; the second (78 s) recovers
// the session, and the news missed since 47.5 s come back before the CONNECT ack; the chats of
// 49-69 s went into the dead connection (lost), the one of 74 s waited in the client's buffer.
//
// Rows: milliseconds since the client was created, who (client or server), what, detail; the
// times are as this machine's timers kept them (a few ms late). A first client connects and
// leaves before the clock starts, so that Node's warming up (about 20 ms on a first connection)
// is not in them.
"use strict";

const http = require("http");
const net = require("net");
const { Server } = require("socket.io");
const { io } = require("socket.io-client");

const CUT_FROM_MS = 47_500;
const CUT_UNTIL_MS = 77_500;
const END_MS = 90_000;

// The client's path to the server.
function proxy(serverPort) {
  const pairs = [];
  let cut = false;
  const server = net.createServer((downstream) => {
    downstream.on("error", () => {});
    const pair = { alive: !cut };
    pairs.push(pair);
    if (!pair.alive) return;  // a dead path: the bytes go nowhere
    const upstream = net.connect(serverPort, "127.0.0.1");
    upstream.on("error", () => {});
    downstream.on("data", (d) => pair.alive && upstream.write(d));
    upstream.on("data", (d) => pair.alive && downstream.write(d));
    downstream.on("end", () => pair.alive && upstream.end());
    upstream.on("end", () => pair.alive && downstream.end());
  });
  return {
    server,
    cut() {
      cut = true;
      for (const p of pairs) p.alive = false;
    },
    restore() {
      cut = false;
    },
  };
}

async function main() {
  const rows = [];
  let t0 = 0;
  const now = () => Date.now() - t0;
  const at = (ms, f) => setTimeout(f, Math.max(0, t0 + ms - Date.now()));
  const log = (who, what, detail = "") => rows.push([now(), who, what, detail]);

  const httpServer = http.createServer();
  const ioServer = new Server(httpServer, {
    connectionStateRecovery: { maxDisconnectionDuration: 120_000 },
  });
  let firstId = null;
  let recording = false;
  ioServer.on("connection", (socket) => {
    if (!recording) return;
    firstId ??= socket.id;
    log("server", "connect", `${socket.id === firstId ? "first id" : "new id"}${socket.recovered ? " recovered" : ""}`);
    socket.on("chat", (text) => log("server", "chat", text));
    socket.on("disconnect", (reason) => log("server", "disconnect", reason));
  });
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const path = proxy(httpServer.address().port);
  await new Promise((resolve) => path.server.listen(0, "127.0.0.1", resolve));

  const warmUp = io(`http://127.0.0.1:${path.server.address().port}`);
  await new Promise((resolve) => warmUp.io.on("open", () => warmUp.io.engine.on("upgrade", resolve)));
  warmUp.close();
  await new Promise((resolve) => setTimeout(resolve, 500));

  recording = true;
  t0 = Date.now();
  const client = io(`http://127.0.0.1:${path.server.address().port}`, {
    timeout: 5000,
    randomizationFactor: 0,
  });
  let clientFirstId = null;
  client.on("connect", () => {
    clientFirstId ??= client.id;
    log("client", "connect", `${client.id === clientFirstId ? "first id" : "new id"}${client.recovered ? " recovered" : ""}`);
  });
  client.on("disconnect", (reason) => log("client", "disconnect", reason));
  client.on("news", (text) => log("client", "news", text));
  client.io.on("open", () => {
    log("client", "eio-open");
    client.io.engine.on("upgrade", (t) => log("client", "upgrade", t.name));
  });
  client.io.on("ping", () => log("client", "ping"));
  client.io.on("reconnect_attempt", (n) => log("client", "reconnect-attempt", String(n)));
  client.io.on("reconnect_error", (err) => log("client", "reconnect-error", err.message));
  client.io.on("reconnect", (n) => log("client", "reconnect", String(n)));

  for (let ms = 1000; ms < END_MS; ms += 5000) at(ms, () => ioServer.emit("news", `n${ms / 1000}`));
  for (let ms = 4000; ms < END_MS; ms += 5000) at(ms, () => client.emit("chat", `c${ms / 1000}`));
  at(CUT_FROM_MS, () => path.cut());
  at(CUT_UNTIL_MS, () => path.restore());
  await new Promise((resolve) => at(END_MS, resolve));

  console.log("# ms\twho\twhat\tdetail");
  for (const r of rows) console.log(r.join("\t"));
  process.exit(0);
}

main();
