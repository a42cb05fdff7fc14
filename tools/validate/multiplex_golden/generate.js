// Runs a multiplexed session with the reference implementation — socket.io 4.8.3 and
// socket.io-client 4.8.3 over a real localhost connection — and prints what tests/realtime/
// multiplex_golden_test.cc checks netsim's model against (tests/data/multiplex_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/multiplex_golden && npm ci && node generate.js > ../../../tests/data/multiplex_golden.tsv
//
// The session, once with transports ["websocket"] and once with ["polling"]: at 0 ms the page
// runs io(url) and io(url + "/admin") (one Manager: multiplexing); at 500 ms the "/admin" socket
// disconnects; at 700 ms the "/" one does (over polling just after emitting "chat", so that its
// DISCONNECT waits for that POST). Recorded, per case, in order:
//   client      what the client sent: each Engine.IO packet (websocket: one per frame), or each
//               POST body (polling: a batch, \x1e-separated)
//   server      what the server sent, packet by packet (websocket only: over polling the batches
//               depend on timing), without the open packet (sent before a listener can attach)
//   disconnect  a server socket's disconnect: namespace and reason
//   engine      the client's Engine.IO readyState after each socket left
// Socket ids are replaced by <id> (they are random).
"use strict";

const http = require("http");
const { Server } = require("socket.io");
const { io } = require("socket.io-client");

const TYPES = { open: 0, close: 1, ping: 2, pong: 3, message: 4, upgrade: 5, noop: 6 };
const rows = [];
const esc = (s) =>
  String(s)
    .replace(/\\/g, "\\\\")
    .replace(/\t/g, "\\t")
    .replace(/\n/g, "\\n")
    .replace(/\x1e/g, "\\x1e");
const mask = (text) => String(text).replace(/"sid":"[^"]*"/g, '"sid":"<id>"');
const wire = (p) => `${TYPES[p.type]}${p.data ?? ""}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function session(name, transports) {
  const row = (kind, value) => rows.push([name, kind, value]);
  const server = http.createServer();
  const ioServer = new Server(server);
  ioServer.engine.on("connection", (socket) => {
    if (name === "websocket") {
      socket.on("packet", (p) => p.type !== "pong" && row("client", mask(wire(p))));
      socket.on("packetCreate", (p) => p.type !== "ping" && row("server", mask(wire(p))));
    }
  });
  for (const nsp of ["/", "/admin"]) {
    ioServer.of(nsp).on("connection", (s) => {
      s.on("disconnect", (reason) => row("disconnect", `${nsp} ${reason}`));
    });
  }
  if (name === "polling") {
    server.on("request", (req) => {
      if (req.method !== "POST") return;
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => row("client", mask(body)));
    });
  }
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const main = io(url, { transports });
  const admin = io(url + "/admin", { transports });
  if (main.io !== admin.io) throw new Error("not multiplexed");
  await sleep(500);
  admin.disconnect();
  await sleep(200);
  row("engine", main.io.engine.readyState);
  if (name === "polling") main.emit("chat", "hi");  // its POST is in flight at the disconnect
  main.disconnect();
  await sleep(200);
  row("engine", main.io.engine.readyState);
  ioServer.close();
  await sleep(100);
}

(async () => {
  await session("websocket", ["websocket"]);
  await session("polling", ["polling"]);
  for (const r of rows) console.log(r.map(esc).join("\t"));
  process.exit(0);
})();
