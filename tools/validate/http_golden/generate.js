// Sends fixed raw HTTP requests to the reference server — socket.io 4.8.3 (engine.io 6.6) on
// Node.js's http server, default options — over real localhost connections, and prints each
// response's bytes for tests/realtime/http_golden_test.cc, which sends the same requests to
// netsim's server model (tests/data/http_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/http_golden && npm ci && node generate.js > ../../../tests/data/http_golden.tsv
//
// One row per case: name, request, response (escaped: \r \n \t \\, other control and non-ASCII
// bytes as \xHH). In both, the session id is <sid>; in the response the Date field's value is
// <date> (it is the wall clock: IMF-fixdate, always 29 characters) and the script's chunk data
// is <N bytes> (the file is the one socket.io 4.8.3 ships, as is or compressed; netsim sends as
// many placeholder bytes).
// The last row, keep-alive-idle-close, is not a response but how long after answering a
// request the server closes the idle connection (Node.js keepAliveTimeout and its margin).
// Each case runs on a connection of its own; a request naming <sid> gets the id of a session
// opened for it just before (connected to "/"; for poll-overlap, with a poll of its own held
// on another connection).
"use strict";

const http = require("http");
const net = require("net");
const { Server } = require("socket.io");

const esc = require("./escape");

const HEAD = "Host: localhost\r\nConnection: keep-alive\r\nAccept: */*\r\n";
// An opening handshake (RFC 6455 §4.1) with the RFC's sample nonce, so the accept key is fixed.
const UPGRADE =
  "Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
// A WebSocket handshake without a session, with these header lines.
const wsHandshake = (headers) =>
  "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + headers + "\r\n";
const CASES = [
  ["handshake", "GET /socket.io/?EIO=4&transport=polling&t=P1 HTTP/1.1\r\n" + HEAD + "\r\n"],
  [
    "post",
    "POST /socket.io/?EIO=4&transport=polling&t=P2&sid=<sid> HTTP/1.1\r\n" + HEAD +
      "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 2\r\n\r\n40",
  ],
  [
    "post-parse-error",
    "POST /socket.io/?EIO=4&transport=polling&t=P3&sid=<sid> HTTP/1.1\r\n" + HEAD +
      "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 3\r\n\r\nxyz",
  ],
  ["poll", "GET /socket.io/?EIO=4&transport=polling&t=P4&sid=<sid> HTTP/1.1\r\n" + HEAD + "\r\n"],
  ["script", "GET /socket.io/socket.io.js HTTP/1.1\r\n" + HEAD + "\r\n"],
  // The file compressed: as Chrome and Firefox ask for it over http:, then each other coding.
  [
    "script-gzip",
    "GET /socket.io/socket.io.js HTTP/1.1\r\n" + HEAD + "Accept-Encoding: gzip, deflate\r\n\r\n",
  ],
  ["script-br", "GET /socket.io/socket.io.js HTTP/1.1\r\n" + HEAD + "Accept-Encoding: br\r\n\r\n"],
  [
    "script-deflate",
    "GET /socket.io/socket.io.js HTTP/1.1\r\n" + HEAD + "Accept-Encoding: deflate\r\n\r\n",
  ],
  [
    "session-unknown",
    "GET /socket.io/?EIO=4&transport=polling&t=P5&sid=nope HTTP/1.1\r\n" + HEAD + "\r\n",
  ],
  ["transport-unknown", "GET /socket.io/?EIO=4&transport=carrier-pigeon HTTP/1.1\r\n" + HEAD + "\r\n"],
  ["protocol-unsupported", "GET /socket.io/?EIO=3&transport=polling HTTP/1.1\r\n" + HEAD + "\r\n"],
  [
    "handshake-method",
    "POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n" + HEAD + "Content-Length: 0\r\n\r\n",
  ],
  [
    "poll-overlap",
    "GET /socket.io/?EIO=4&transport=polling&t=P6&sid=<sid> HTTP/1.1\r\n" + HEAD + "\r\n",
  ],
  [
    "transport-before-protocol",
    "GET /socket.io/?EIO=3&transport=carrier-pigeon HTTP/1.1\r\n" + HEAD + "\r\n",
  ],
  [
    "sid-before-protocol",
    "GET /socket.io/?EIO=3&transport=polling&sid=nope HTTP/1.1\r\n" + HEAD + "\r\n",
  ],
  [
    "protocol-mismatch",
    "GET /socket.io/?EIO=3&transport=polling&sid=<sid> HTTP/1.1\r\n" + HEAD + "\r\n",
  ],
  [
    "transport-mismatch",
    "GET /socket.io/?EIO=4&transport=websocket&sid=<sid> HTTP/1.1\r\n" + HEAD + "\r\n",
  ],
  ["websocket-without-upgrade", "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + HEAD + "\r\n"],
  ["bad-request", "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost localhost\r\n\r\n"],
  // A body one byte over maxHttpBufferSize (1e6): 413 (polling.ts `onDataRequest`), the session
  // open still. <N bytes> in a request stands for N bytes of "x".
  [
    "post-too-large",
    "POST /socket.io/?EIO=4&transport=polling&t=P7&sid=<sid> HTTP/1.1\r\n" + HEAD +
      "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 1000001\r\n\r\n<1000001 bytes>",
  ],
  // WebSocket: a session opened on it (the 101 and the open packet's frame), and refused ones.
  ["ws-handshake", wsHandshake(UPGRADE)],
  [
    "ws-session-unknown",
    "GET /socket.io/?EIO=4&transport=websocket&sid=nope HTTP/1.1\r\n" + UPGRADE + "\r\n",
  ],
  [
    "ws-transport-unknown",
    "GET /socket.io/?EIO=4&transport=carrier-pigeon HTTP/1.1\r\n" + UPGRADE + "\r\n",
  ],
  [
    "ws-protocol-unsupported",
    "GET /socket.io/?EIO=3&transport=websocket HTTP/1.1\r\n" + UPGRADE + "\r\n",
  ],
  [
    "ws-version-8",
    wsHandshake(UPGRADE.replace("Version: 13", "Version: 8")),
  ],
  [
    "ws-version-unsupported",
    wsHandshake(UPGRADE.replace("Version: 13", "Version: 7")),
  ],
  [
    "ws-bad-key",
    wsHandshake(UPGRADE.replace("dGhlIHNhbXBsZSBub25jZQ==", "short")),
  ],
  [
    "ws-upgrade-not-websocket",
    wsHandshake(UPGRADE.replace("Upgrade: websocket", "Upgrade: h2c")),
  ],
  [
    "ws-no-host",
    wsHandshake(UPGRADE.replace("Host: localhost\r\n", "")),
  ],
  [
    "ws-handshake-method",
    "POST /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + UPGRADE + "Content-Length: 0\r\n\r\n",
  ],
];

function exchange(port, request) {
  return new Promise((resolve) => {
    let bytes = "";
    const c = net.connect(port, "127.0.0.1", () => c.write(request, "latin1"));
    c.on("data", (d) => (bytes += d.toString("latin1")));
    // Every answer here is complete well within this; a held poll would not be answered.
    setTimeout(() => {
      c.destroy();
      resolve(bytes);
    }, 300);
  });
}

async function openSession(port) {
  const r = await exchange(port, CASES[0][1]);
  const sid = JSON.parse(r.slice(r.indexOf("\r\n\r\n") + 5)).sid;
  // Connect to "/" so that a poll has a packet waiting (the CONNECT ack).
  await exchange(port, CASES[1][1].replace("<sid>", sid));
  return sid;
}

// The script's chunks, each as its size line, <N bytes>, CRLF.
function maskChunks(body) {
  let out = "";
  let i = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", i);
    const size = parseInt(body.slice(i, eol), 16);
    out += body.slice(i, eol + 2);
    i = eol + 2;
    if (size === 0) return out + body.slice(i);
    out += `<${size} bytes>\r\n`;
    i += size + 2;
  }
}

const server = http.createServer();
new Server(server);
server.listen(0, async () => {
  const port = server.address().port;
  for (const [name, template] of CASES) {
    let sid = "";
    if (template.includes("<sid>")) {
      sid =
        name === "post"
          ? (await exchange(port, CASES[0][1])).match(/"sid":"([^"]+)"/)[1]
          : await openSession(port);
    }
    let held;
    if (name === "poll-overlap") {
      await exchange(port, CASES[3][1].replace("<sid>", sid));  // takes the CONNECT ack
      held = exchange(port, CASES[3][1].replace("<sid>", sid));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const request = template
      .replace("<sid>", sid)
      .replace(/<(\d+) bytes>/, (_, n) => "x".repeat(Number(n)));
    const response = await exchange(port, request);
    if (held) await held;
    const split = response.indexOf("\r\n\r\n") + 4;
    const head = response.slice(0, split).replace(/\r\nDate: [^\r]*/, "\r\nDate: <date>");
    let body = response.slice(split);
    if (name.startsWith("script")) body = maskChunks(body);
    if (sid) body = body.split(sid).join("<sid>");
    body = body.replace(/"sid":"[^"]+"/, '"sid":"<sid>"');
    process.stdout.write([name, esc(template), esc(head + body)].join("\t") + "\n");
  }
  // keepAliveTimeout: how long after its answer the server closes an idle connection (its FIN
  // reaches the client), to a tenth of a second.
  const request = CASES.find(([name]) => name === "session-unknown")[1];
  const idle = await new Promise((resolve) => {
    let answered;
    const c = net.connect(port, "127.0.0.1", () => c.write(request, "latin1"));
    c.on("data", () => (answered ??= Date.now()));
    c.on("end", () => resolve(Date.now() - answered));
  });
  const seconds = (Math.round(idle / 100) / 10).toFixed(1);
  process.stdout.write(["keep-alive-idle-close", esc(request), `${seconds} s`].join("\t") + "\n");
  process.exit(0);
});
