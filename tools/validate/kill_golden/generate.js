// What a client sees when the server's process is killed while its host stays up (socket.io
// 4.8.3 in a child process, killed with SIGKILL; socket.io-client 4.8.3 in this one, over real
// localhost connections), for tests/realtime/kill_golden_test.cc, which kills netsim's server
// the same way (tests/data/kill_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/kill_golden && npm ci && node generate.js > ../../../tests/data/kill_golden.tsv
//
// Linux closes a dead process's sockets: an idle connection gets a FIN, not a RST (a RST only
// when received data was left unread). Per transport (the client has no upgrade and
// reconnectionDelay 1000 ms without jitter; the server restarts 1.5 s after the kill): the
// client's disconnect reason, the reason its first reconnection attempt failed (the port
// refuses it), and whether it got a new socket id after the restart.
"use strict";

const { fork } = require("child_process");
const path = require("path");
const { io } = require("socket.io-client");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const PORT = 38123;

async function start() {
  const child = fork(path.join(__dirname, "server.js"), [String(PORT)]);
  await new Promise((resolve) => child.on("message", resolve));
  return child;
}

async function run(transport) {
  let child = await start();
  const client = io(`http://127.0.0.1:${PORT}`, {
    transports: [transport],
    upgrade: false,
    reconnectionDelay: 1000,
    randomizationFactor: 0,
  });
  await new Promise((resolve) => client.on("connect", resolve));
  const firstId = client.id;
  let reason = null;
  let attemptError = null;
  client.on("disconnect", (r) => (reason ??= r));
  client.io.on("reconnect_error", (err) => (attemptError ??= err.message));
  await sleep(300);
  child.kill("SIGKILL");
  await sleep(1500);
  child = await start();
  const reconnected = await Promise.race([
    new Promise((resolve) => client.io.once("reconnect", () => resolve(true))),
    sleep(5000).then(() => false),
  ]);
  const row = [
    transport,
    reason,
    attemptError ?? "-",
    reconnected && client.id !== firstId ? "new id" : "no new id",
  ];
  client.close();
  child.kill("SIGKILL");
  await sleep(100);
  return row;
}

(async () => {
  console.log("# transport\tdisconnect reason\tfirst attempt's error\tafter the restart");
  for (const transport of ["websocket", "polling"]) console.log((await run(transport)).join("\t"));
  process.exit(0);
})();
