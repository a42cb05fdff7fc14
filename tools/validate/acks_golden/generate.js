// Acknowledgement timeouts and the retry queue, as the reference runs them (socket.io 4.8.3 and
// socket.io-client 4.8.3 over real localhost connections, WebSocket only), for
// tests/realtime/acks_golden_test.cc, which runs the same cases in netsim
// (tests/data/acks_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/acks_golden && npm ci && node generate.js > ../../../tests/data/acks_golden.tsv
//
// Once connected, the client emits "other" with an acknowledgement callback and then "chat"
// (the server acknowledges "chat" at once; "other" only where the case says). Cases:
//   timeout       socket.timeout(500).emit("other", cb): nobody acknowledges it;
//   retries       retries 3, ackTimeout 1000: nobody acknowledges it;
//   late-listener retries 3, ackTimeout 1000: the server registers its "other" listener 1.5 s
//                 after the connection, and acknowledges what comes after.
// Recorded per case: how many copies of "other" reached the server and when (ms after the
// first copy), when "chat" reached it, and when the client's "other" callback ran and with
// what (ms after the emit). Times are the least of five runs of each case, in whole ms (Node's
// timers run off libuv's loop clock: timed with performance.now() they fire up to 1 ms early
// and a few late; the counts and outcomes must agree across the runs).
"use strict";

const http = require("http");
const { performance } = require("perf_hooks");
const { Server } = require("socket.io");
const { io } = require("socket.io-client");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run({ timeout, retries, listenerAfter }) {
  const server = http.createServer();
  const ioServer = new Server(server);
  const copies = [];
  let chatAt = null;
  ioServer.on("connection", (s) => {
    s.on("chat", (text, ack) => {
      chatAt = performance.now();
      ack();
    });
    // Before the listener: no listener, so the packet is dropped and never acknowledged.
    s.conn.on("packet", (p) => {
      if (p.type === "message" && p.data.includes('"other"')) copies.push(performance.now());
    });
    if (listenerAfter !== undefined) {
      setTimeout(() => s.on("other", (text, ack) => ack()), listenerAfter);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const options = { transports: ["websocket"], reconnection: false };
  if (retries !== undefined) Object.assign(options, { retries, ackTimeout: 1000 });
  const client = io(`http://127.0.0.1:${server.address().port}`, options);
  await new Promise((resolve) => client.on("connect", resolve));
  let outcome = null;
  const emittedAt = performance.now();
  const callback = (err) => {
    outcome = [err ? "error" : "acknowledged", Math.round(performance.now() - emittedAt)];
  };
  if (timeout !== undefined) {
    client.timeout(timeout).emit("other", "x", callback);
  } else {
    client.emit("other", "x", callback);
  }
  client.emit("chat", "y", () => {});
  while (outcome === null || chatAt === null) await sleep(5);
  await sleep(100);
  const first = copies[0];
  const row = [
    copies.length,
    copies.map((t) => Math.round(t - first)),
    Math.round(chatAt - first),
    outcome[0],
    outcome[1],
  ];
  client.close();
  ioServer.close();
  await sleep(50);
  return row;
}

// Columns: copies, copy times (space-separated), chat time, callback outcome, callback time.
async function leastOf(runs, name, options) {
  let best = null;
  for (let i = 0; i < runs; ++i) {
    const row = await run(options);
    if (best === null) {
      best = row;
      continue;
    }
    if (row[0] !== best[0] || row[3] !== best[3]) {
      throw new Error(`${name}: runs disagree: ${best.join(" ")} / ${row.join(" ")}`);
    }
    best[1] = best[1].map((t, k) => Math.min(t, row[1][k]));
    best[2] = Math.min(best[2], row[2]);
    best[4] = Math.min(best[4], row[4]);
  }
  return [name, best[0], best[1].join(" "), best[2], best[3], best[4]];
}

(async () => {
  console.log("# case\tcopies of other\tcopy times (ms after the first)\tchat time" +
              "\tother's callback\tcallback time (ms after the emit)");
  const rows = [
    await leastOf(5, "timeout", { timeout: 500 }),
    await leastOf(5, "retries", { retries: 3 }),
    await leastOf(5, "late-listener", { retries: 3, listenerAfter: 1500 }),
  ];
  for (const r of rows) console.log(r.join("\t"));
  process.exit(0);
})();
