// Connection state recovery (socket.io 4.8.3 server, socket.io-client 4.8.3, over real localhost
// connections): what a client gets back after its connection dies, for
// tests/realtime/recovery_golden_test.cc, which runs the same cases in netsim
// (tests/data/recovery_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/recovery_golden && npm ci && node generate.js > ../../../tests/data/recovery_golden.tsv
//
// Server: pingInterval 300 ms, pingTimeout 200 ms, connectionStateRecovery with
// maxDisconnectionDuration 2 s; the client: WebSocket only, reconnectionDelay `delay` ms with
// randomizationFactor 0 (so the first attempt comes exactly then). Each case: the server
// broadcasts "news" n1 (unless `first` is false); the client stops reading its connection (a
// dead link, as far as the heartbeat can tell) until both sides have given up on it ("ping
// timeout"); the server then broadcasts n2, a volatile v and an acknowledged a; the client
// reconnects. Recorded per case: whether the server and the client say the session was
// recovered, whether the socket id is the same, the "news" the client received after
// reconnecting, in order, and both sides' disconnect reasons.
"use strict";

const http = require("http");
const { Server } = require("socket.io");
const { io } = require("socket.io-client");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(name, { first, delay }) {
  const server = http.createServer();
  const ioServer = new Server(server, {
    pingInterval: 300,
    pingTimeout: 200,
    connectionStateRecovery: { maxDisconnectionDuration: 2000 },
  });
  const connections = [];
  ioServer.on("connection", (s) => connections.push({ id: s.id, recovered: s.recovered, s }));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = io(`http://127.0.0.1:${server.address().port}`, {
    transports: ["websocket"],
    reconnectionDelay: delay,
    randomizationFactor: 0,
  });
  const news = [];
  let reconnected = false;
  client.on("news", (text) => reconnected && news.push(text));
  await sleep(300);
  if (first) ioServer.emit("news", "n1");
  await sleep(200);
  client.io.engine.transport.ws._socket.pause();
  const closed = [];
  connections[0].s.on("disconnect", (reason) => closed.push(`server ${reason}`));
  client.on("disconnect", (reason) => closed.push(`client ${reason}`));
  while (closed.length < 2) await sleep(10);
  ioServer.emit("news", "n2");
  ioServer.volatile.emit("news", "v");
  ioServer.timeout(10000).emit("news", "a", () => {});
  client.io.once("reconnect", () => (reconnected = true));
  await sleep(delay + 1000);
  const row = [
    name,
    connections.length === 2 && connections[1].recovered ? "recovered" : "not recovered",
    client.recovered ? "recovered" : "not recovered",
    connections.length === 2 && connections[1].id === connections[0].id ? "same id" : "new id",
    news.join(" ") || "-",
    closed.sort().join(", "),
  ];
  client.close();
  ioServer.close();
  await sleep(100);
  return row;
}

(async () => {
  const rows = [
    await run("within", { first: true, delay: 500 }),
    await run("expired", { first: true, delay: 3000 }),
    await run("no-event-yet", { first: false, delay: 500 }),
  ];
  for (const r of rows) console.log(r.join("\t"));
  process.exit(0);
})();
