// How a connection attempt of socket.io-client 4.8.3 ends when the server fails it, for
// tests/realtime/open_errors_golden_test.cc, which fails netsim's client the same ways
// (tests/data/open_errors_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/open_errors_golden && npm ci && node generate.js > ../../../tests/data/open_errors_golden.tsv
//
// The "server" is a plain TCP listener on localhost that answers the first request head it reads
// with canned bytes, or closes, or is not there at all. The client has one transport, no
// reconnection and `timeout` 1500 ms; the row is the message of its `connect_error` and whether
// it came at once or when the attempt's timeout ran out (manager.ts `open()` hears only the
// engine's "error" until the engine opens: a transport that closes cleanly goes unheard).
"use strict";

const crypto = require("crypto");
const net = require("net");
const { io } = require("socket.io-client");

const TIMEOUT_MS = 1500;

// What the canned server does with the first request head on a connection.
const REPLIES = {
  // Closes the connection (FIN) instead of answering.
  "fin-before-response": (socket) => socket.end(),
  // An HTTP error instead of the handshake.
  "404": (socket) => socket.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
  // A polling handshake answered with an Engine.IO close packet ("1").
  "close-packet": (socket) =>
    socket.write(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 1\r\n\r\n1",
    ),
  // A valid 101 for the WebSocket, then a FIN before any frame (no close frame).
  "101-then-fin": (socket, head) => {
    const key = /^Sec-WebSocket-Key: *(.*)$/im.exec(head)[1].trim();
    const accept = crypto
      .createHash("sha1")
      .update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
      .digest("base64");
    socket.end(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
  },
};

function listen(reply) {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => {
      let head = "";
      socket.on("error", () => {});
      socket.on("data", (data) => {
        head += data;
        if (!head.includes("\r\n\r\n")) return;
        reply(socket, head);
        head = "";
      });
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// A port nothing listens on: one that was just released.
async function closedPort() {
  const server = await listen(() => {});
  const port = server.address().port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function attempt(port, transport) {
  return new Promise((resolve) => {
    const start = Date.now();
    const client = io(`http://127.0.0.1:${port}`, {
      transports: [transport],
      reconnection: false,
      timeout: TIMEOUT_MS,
    });
    client.on("connect", () => {
      client.close();
      resolve(["connected", "-"]);
    });
    client.on("connect_error", (err) => {
      const elapsed = Date.now() - start;
      client.close();
      resolve([err.message, elapsed >= TIMEOUT_MS ? "at the timeout" : "at once"]);
    });
  });
}

async function main() {
  const rows = [];
  for (const transport of ["polling", "websocket"]) {
    rows.push(["refused", transport, ...(await attempt(await closedPort(), transport))]);
    for (const [name, reply] of Object.entries(REPLIES)) {
      if (name === "close-packet" && transport !== "polling") continue;
      if (name === "101-then-fin" && transport !== "websocket") continue;
      const server = await listen(reply);
      rows.push([name, transport, ...(await attempt(server.address().port, transport))]);
      await new Promise((resolve) => server.close(resolve));
    }
  }
  console.log("# server\ttransport\tconnect_error\twhen");
  for (const row of rows) console.log(row.join("\t"));
  process.exit(0);
}

main();
