// What happens to a message over the server's maxHttpBufferSize, as the reference does it
// (socket.io 4.8.3 with engine.io 6.6.12, socket.io-client 4.8.3 with engine.io-client 6.6.8,
// over real localhost connections), for tests/realtime/limits_golden_test.cc, which runs the same
// cases in netsim (tests/data/limits_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/limits_golden && npm ci && node generate.js > ../../../tests/data/limits_golden.tsv
//
// Server: maxHttpBufferSize 1000 (so maxPayload 1000 in the open packet); the client: one
// transport, no upgrade, no reconnection. Once connected the client emits "chat" with a string
// of 900 or 2000 characters (its packet, 42["chat","xx…"], is 12 bytes longer), then waits
// 1.5 s. Recorded per case: the transport, the string's length, how many "chat" events the
// server's listener got, and both sides' disconnect reasons ("-" if none), sorted.
//   Over polling a POST body over the limit is answered 413 (polling.ts `onDataRequest`); the
//   client takes that as a transport error and closes, which the server sees as a close.
//   Over WebSocket ws fails a frame over its maxPayload with 1009 and an "error" (a transport
//   error on the server); the client sees the close.
"use strict";

const http = require("http");
const { Server } = require("socket.io");
const { io } = require("socket.io-client");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(transport, length) {
  const server = http.createServer();
  const ioServer = new Server(server, { maxHttpBufferSize: 1000 });
  const reasons = [];
  let received = 0;
  ioServer.on("connection", (s) => {
    s.on("chat", () => ++received);
    s.on("disconnect", (reason) => reasons.push(`server ${reason}`));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = io(`http://127.0.0.1:${server.address().port}`, {
    transports: [transport],
    upgrade: false,
    reconnection: false,
  });
  await new Promise((resolve) => client.on("connect", resolve));
  client.on("disconnect", (reason) => reasons.push(`client ${reason}`));
  client.emit("chat", "x".repeat(length));
  await sleep(1500);
  const row = [transport, length, received, reasons.sort().join(", ") || "-"];
  client.close();
  ioServer.close();
  await sleep(50);
  return row;
}

(async () => {
  console.log("# transport\tstring length\tevents received\tdisconnect reasons");
  for (const transport of ["polling", "websocket"]) {
    for (const length of [900, 2000]) console.log((await run(transport, length)).join("\t"));
  }
  process.exit(0);
})();
