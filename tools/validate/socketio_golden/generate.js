// Prints the reference outputs that netsim's Engine.IO / Socket.IO codecs are tested against
// (tests/socketio/golden_test.cc reads them from tests/data/socketio_golden.tsv).
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/socketio_golden && npm ci && node generate.js > ../../../tests/data/socketio_golden.tsv
//
// Versions are pinned in package.json / package-lock.json to the ones PROTOCOLS.md cites
// (socket.io 4.8.3 monorepo): engine.io-parser 5.2.3, socket.io-parser 4.2.6, engine.io-client
// 6.6.6 (_getWritablePackets), socket.io-client 4.8.3 (contrib/backo2), socket.io-adapter 2.5.8
// (contrib/yeast) and base64id 2.0.0 (the id generator engine.io 6.6.9 and socket.io 4.8.3 use).
//
// Output: one case per line, tab-separated, first field the kind. Fields are escaped so that a
// line stays one line: backslash as \\, tab \t, LF \n, CR \r, other bytes below 0x20 and 0x7f as
// \xHH; other text is raw UTF-8. Binary data is written as lowercase hex. "~" marks an absent
// optional field (absent ack id, absent JSON data).
"use strict";

const path = require("path");
const eioParser = require("engine.io-parser");
const sioParser = require("socket.io-parser");
const eioClient = require("engine.io-client");
const base64id = require("base64id");

// The two helpers below are not in their packages' "exports" maps, so load them by file path.
const pkgDir = (name) => path.dirname(require.resolve(`${name}/package.json`));
const { Backoff } = require(path.join(pkgDir("socket.io-client"), "build/cjs/contrib/backo2.js"));
const yeastModule = require(path.join(pkgDir("socket.io-adapter"), "dist/contrib/yeast.js"));

const out = [];
function esc(s) {
  let r = "";
  for (const ch of String(s)) {
    const c = ch.codePointAt(0);
    if (ch === "\\") r += "\\\\";
    else if (ch === "\t") r += "\\t";
    else if (ch === "\n") r += "\\n";
    else if (ch === "\r") r += "\\r";
    else if (c < 0x20 || c === 0x7f) r += "\\x" + c.toString(16).padStart(2, "0");
    else r += ch;
  }
  return r;
}
const emit = (...fields) => out.push(fields.map(esc).join("\t"));
const hex = (buf) => Buffer.from(buf).toString("hex");
const bytes = (h) => Buffer.from(h, "hex");
const opt = (v) => (v === undefined ? "~" : v);

// ---------------------------------------------------------------------------------------------
// Engine.IO packets over WebSocket: encodePacket(packet, supportsBinary=true).
// eio_ws_encode  type  binary(0|1)  data(text, or hex if binary)  ->  frame(text|binary)  frame bytes
const wsEncodeCases = [
  ["message", "hello"],
  ["message", ""],
  ["message", undefined],
  ["ping", undefined],
  ["ping", "probe"],
  ["pong", "probe"],
  ["upgrade", undefined],
  ["noop", undefined],
  ["close", undefined],
  ["open", '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'],
  ["message", "héllo €😀"],
  ["message", "a\x1eb\nc\td"],
  ["message", bytes("01020304")],
  ["message", bytes("")],
  ["ping", bytes("0a")], // binary data drops the type: the frame is the raw bytes
];
for (const [type, data] of wsEncodeCases) {
  const binary = Buffer.isBuffer(data);
  eioParser.encodePacket({ type, data }, true, (enc) => {
    const isText = typeof enc === "string";
    emit("eio_ws_encode", type, binary ? 1 : 0, binary ? hex(data) : opt(data),
         isText ? "text" : "binary", isText ? enc : hex(enc));
  });
}

// eio_ws_decode  frame(text|binary)  frame bytes  ->  type|error  binary(0|1)  data
const wsDecodeCases = [
  ["text", "4hello"], ["text", "4"], ["text", "2probe"], ["text", "3probe"], ["text", "2"],
  ["text", "5"], ["text", "6"], ["text", "1"], ["text", "0{\"sid\":\"x\"}"],
  ["text", "4héllo €😀"], ["text", ""], ["text", "7"], ["text", "x"], ["text", "44"],
  ["text", "bAQIDBA=="], // a text frame starting with 'b' is base64 binary, whatever the transport
  ["binary", "01020304"], ["binary", ""], ["binary", "34"],
];
for (const [kind, frame] of wsDecodeCases) {
  const p = eioParser.decodePacket(kind === "text" ? frame : bytes(frame), "nodebuffer");
  const binary = Buffer.isBuffer(p.data);
  emit("eio_ws_decode", kind, frame, p.type, binary ? 1 : 0,
       binary ? hex(p.data) : opt(p.type === "error" ? undefined : p.data));
}

// ---------------------------------------------------------------------------------------------
// Engine.IO polling payloads.
// eio_payload_encode  payload  n  (type binary data)*n
const packet = (type, data) => ({ type, data });
const payloadEncodeCases = [
  [packet("message", "hello"), packet("ping"), packet("message", "world")],
  [packet("message", bytes("01020304"))],
  [packet("message", "€"), packet("message", bytes("00ff")), packet("close")],
  [packet("noop")],
  [packet("open", '{"sid":"a"}'), packet("message", "0")],
  [packet("message", bytes("")), packet("message", "")],
  [packet("message", bytes("fbff"))],
];
const packetFields = (p) => {
  const binary = Buffer.isBuffer(p.data);
  return [p.type, binary ? 1 : 0, binary ? hex(p.data) : opt(p.data)];
};
for (const packets of payloadEncodeCases) {
  eioParser.encodePayload(packets, (payload) => {
    emit("eio_payload_encode", payload, packets.length, ...packets.flatMap(packetFields));
  });
}

// eio_payload_decode  payload  n  (type binary data)*n   (the last packet may be "error")
const payloadDecodeCases = [
  "4hello\x1e2\x1e4world", "bAQIDBA==", "bAQIDBA", "b", "b!!!!", "bAQ=IDBA", "b-_8", "bAQID BA==",
  "bAQ!ID\nBA", "bABCDE", "6", "0{\"sid\":\"x\"}\x1e40", "4\x1e4", "", "4a\x1e\x1e4b", "4a\x1e9",
  "4a\x1e", "x", "2\x1e3probe\x1e4é",
];
// Plus 40 pseudo-random base64-ish strings (a fixed xorshift32, so the file is reproducible) to
// pin down Node's lenient base64 decoding.
let xorshift = 12345;
const nextRandom = (n) => {
  xorshift = (xorshift ^ (xorshift << 13)) >>> 0;
  xorshift = (xorshift ^ (xorshift >>> 17)) >>> 0;
  xorshift = (xorshift ^ (xorshift << 5)) >>> 0;
  return xorshift % n;
};
const junkAlphabet = "AQgw/+_-=!. \nz9";
for (let k = 0; k < 40; k++) {
  let junk = "b";
  const length = nextRandom(16);
  for (let j = 0; j < length; j++) junk += junkAlphabet[nextRandom(junkAlphabet.length)];
  payloadDecodeCases.push(junk);
}
for (const payload of payloadDecodeCases) {
  const packets = eioParser.decodePayload(payload, "nodebuffer");
  emit("eio_payload_decode", payload, packets.length, ...packets.flatMap(packetFields));
}

// ---------------------------------------------------------------------------------------------
// engine.io-client SocketWithoutUpgrade#_getWritablePackets: how many buffered packets fit in
// one POST.  eio_writable  maxPayload  count  n  (type binary data)*n
const writableCases = [
  [1000000, [packet("message", "hello"), packet("ping"), packet("message", "world")]],
  [10, [packet("message", "hello"), packet("message", "world")]],
  [13, [packet("message", "hello"), packet("message", "world")]],
  [12, [packet("message", "hello"), packet("message", "world")]],
  [10, [packet("message", "x".repeat(100))]],
  [10, [packet("message", "x".repeat(100)), packet("message", "y")]],
  [10, [packet("message", "€€"), packet("message", "€")]],
  [9, [packet("message", "€€"), packet("message", "😀")]],
  [20, [packet("message", bytes("00".repeat(10))), packet("message", "abc")]],
  [18, [packet("message", "a"), packet("message", bytes("00".repeat(10)))]],
  [0, [packet("message", "x".repeat(100)), packet("message", "y")]],
  [7, [packet("pong"), packet("pong"), packet("pong"), packet("pong"), packet("pong")]],
  [8, [packet("message", "a"), packet("message", "b"), packet("message", "c"), packet("message", "d")]],
];
for (const [maxPayload, writeBuffer] of writableCases) {
  const fake = { _maxPayload: maxPayload, transport: { name: "polling" }, writeBuffer };
  const n = eioClient.SocketWithoutUpgrade.prototype._getWritablePackets.call(fake).length;
  emit("eio_writable", maxPayload, n, writeBuffer.length, ...writeBuffer.flatMap(packetFields));
}

// ---------------------------------------------------------------------------------------------
// The open packet, as engine.io 6.6.9 lib/socket.ts onOpen() writes it.
// eio_handshake  sid  upgrades(comma-joined)  pingInterval  pingTimeout  maxPayload  ->  json  bytes-with-"0"
const handshakeCases = [
  ["lv_VI97HAXpY6yYWAAAC", ["websocket"], 25000, 20000, 1e6],
  ["lv_VI97HAXpY6yYWAAAC", [], 25000, 20000, 1e6],
  ["AAAAAAAAAAAAAAAAAAAA", ["websocket", "webtransport"], 300, 200, 100000000],
];
for (const [sid, upgrades, pingInterval, pingTimeout, maxPayload] of handshakeCases) {
  const json = JSON.stringify({ sid, upgrades, pingInterval, pingTimeout, maxPayload });
  emit("eio_handshake", sid, upgrades.join(","), pingInterval, pingTimeout, maxPayload, json,
       Buffer.byteLength("0" + json));
}

// ---------------------------------------------------------------------------------------------
// Socket.IO: Encoder#encodeAsString.
// sio_encode  type  nsp  id  attachments  data(JSON)  ->  encoded  bytes-with-engine.io-"4"
const encoder = new sioParser.Encoder();
const sioEncodeCases = [
  { type: 0, nsp: "/" },
  { type: 0, nsp: "/", data: { sid: "wZX3oN0bSVIhsaknAAAI" } },
  { type: 0, nsp: "/admin" },
  { type: 0, nsp: "/admin", data: { sid: "wZX3oN0bSVIhsaknAAAI" } },
  { type: 4, nsp: "/", data: { message: "Not authorized" } },
  { type: 2, nsp: "/", data: ["chat", "hi"] },
  { type: 2, nsp: "/", data: ["hello", "world"] },
  { type: 2, nsp: "/", id: 12, data: ["foo"] },
  { type: 3, nsp: "/admin", id: 13, data: ["bar"] },
  { type: 5, nsp: "/", attachments: 1, data: ["baz", { _placeholder: true, num: 0 }] },
  { type: 6, nsp: "/", attachments: 1, id: 15, data: ["bar", { _placeholder: true, num: 0 }] },
  { type: 1, nsp: "/" },
  { type: 1, nsp: "/admin" },
  { type: 2, nsp: "", data: ["a"] },
  { type: 3, nsp: "/", id: 0, data: [] },
  { type: 2, nsp: "/", id: 9007199254740991, data: ["max"] },
  { type: 2, nsp: "/", data: ["héllo", "€", "😀", 'q"b\\n\n\t\x01'] },
];
for (const p of sioEncodeCases) {
  const s = encoder.encodeAsString(p);
  emit("sio_encode", p.type, p.nsp, opt(p.id), p.attachments ?? 0,
       p.data === undefined ? "~" : JSON.stringify(p.data), s, Buffer.byteLength("4" + s));
}
// Encoder#encode of an EVENT/ACK whose arguments hold Buffers: it becomes BINARY_EVENT/ACK with
// placeholders, followed by one attachment per Buffer.
// sio_encode_binary  encoded  attachments(hex, comma-joined)
const sioBinaryCases = [
  { type: 2, nsp: "/", data: ["baz", Buffer.from([1, 2, 3])] },
  { type: 3, nsp: "/admin", id: 15, data: ["bar", Buffer.from([4]), { x: Buffer.from([5, 6]) }] },
];
for (const p of sioBinaryCases) {
  const [str, ...buffers] = encoder.encode(p);
  emit("sio_encode_binary", str, buffers.map(hex).join(","));
}

// ---------------------------------------------------------------------------------------------
// Socket.IO: Decoder#add (decodeString + isPayloadValid), default maxAttachments 10.
// sio_decode  input  ->  ok  type  nsp  id  attachments  data
//             input  ->  error  message
// `data` is the JSON text the decoder parsed, whitespace-trimmed (netsim keeps payloads as raw
// JSON text): the longest suffix of the input that JSON.parse accepts. Nothing before the payload
// (type, attachments, "/nsp,", id digits) can start a longer valid JSON text, so this is exact.
const sioDecodeCases = [
  // SIO-SPEC examples (without the engine.io "4")
  "0", "0{\"token\":\"abc\"}", "0/admin,", "0/admin,{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}",
  "1", "1/admin,", "2[\"chat\",\"hi\"]", "212[\"foo\"]", "3/admin,13[\"bar\"]",
  "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", "61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]",
  "4{\"message\":\"Not authorized\"}", "4\"plain string\"",
  "0{\"sid\":\"GNpWD7LbGCBNCr8GAAAB\",\"pid\":\"YHcX2sdAF1z452-HAAAW\"}",
  "0{\"pid\":\"YHcX2sdAF1z452-HAAAW\",\"offset\":\"MzUPkW0\"}",
  "2[\"foo\",\"MzUPkW0\"]",
  // corner cases that are accepted
  "1/admin", "2", "2[1,2]", "3[]", "3/admin,7[]", "2/chat,[\"a\"]", "2/chat,5[\"a\"]", "5-[\"a\"]",
  "50-[\"a\"]", "510-[\"a\"]", "51e0-[\"a\"]", "50x1-[\"a\"]", "5+1-[\"a\"]", "5 2 -[\"a\"]",
  "2 [\"a\"]", "2 12 [\"a\"]", "2\u00a0[\"a\"]", " ", "", " 2", "\t", "0/admin{}", "2[\"a\"] ",
  "3[1e5,-0.5,true,false,null,{},[]]", "3[\"\\ud83d\\ude00\",\"\\u00e9\"]", "29007199254740991[\"a\"]",
  "2[\"héllo\",{\"é\":\"😀\"}]", "2[\"connected\"]", "2[\"Connect\"]", "4{}", "0{}",
  "3[\"\\ud83d\"]",
  // rejected
  "7", "9", "x", "-", "2[]", "2{}", "2\"a\"", "2[null]", "2[true]", "2[[\"a\"]]", "2[{}]",
  "2[\"connect\"]", "2[\"connect_error\"]", "2[\"disconnect\"]", "2[\"disconnecting\"]",
  "2[\"newListener\"]", "2[\"removeListener\"]", "5-[\"disconnect\"]",
  "0[]", "0\"x\"", "0null", "01", "1{}", "1/admin,{}", "1[]", "4[]", "4[1]", "4null", "41",
  "3{}", "3\"a\"", "3null",
  "511-[\"a\"]", "5a-[\"a\"]", "5[\"a\"]", "5-1-[\"a\"]", "51.5-[\"a\"]", "5Infinity-[\"a\"]",
  "5-", "6-[]",
  "2[\"a\",]", "2[\"a\"", "2['a']", "2[\"a\\x\"]", "2[\"a\tb\"]", "2[\"a\"]x", "3[01]", "3[1.]",
  "3[-]", "3[.5]", "3[tru]", "3[\"\\u00G0\"]", "3[1]]", "3[1,,2]", "3[{\"a\"}]", "3[{\"a\":1,}]",
  "3[{1:2}]", "3[\"a\"\u00a0]", "3[1]\x0b",
];
for (const input of sioDecodeCases) {
  const decoder = new sioParser.Decoder();
  let decoded;
  decoder.on("decoded", (p) => (decoded = p));
  try {
    decoder.add(input);
    // BINARY_EVENT/ACK with attachments > 0 waits for buffers: read the reconstructor's packet.
    const p = decoded ?? decoder.reconstructor.reconPack;
    emit("sio_decode", input, "ok", decodedType(p), p.nsp, opt(p.id), p.attachments ?? 0,
         p.data === undefined ? "~" : rawJsonSuffix(input));
  } catch (e) {
    emit("sio_decode", input, "error", e.message);
  }
}
function rawJsonSuffix(input) {
  for (let k = 0; k < input.length; k++) {
    try {
      JSON.parse(input.slice(k));
      return input.slice(k).replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
    } catch {}
  }
  throw new Error("no JSON suffix in " + input);
}
// Decoder#add turns BINARY_EVENT/BINARY_ACK into EVENT/ACK once decoded; report the type the
// string carried (what netsim's decode() returns), which is the attachments-bearing one when
// decodeString found an attachment count.
function decodedType(p) {
  if (p.attachments !== undefined) return p.type === 2 ? 5 : p.type === 3 ? 6 : p.type;
  return p.type;
}

// ---------------------------------------------------------------------------------------------
// JSON, as JavaScript does it.
// json_quote  string  ->  JSON.stringify(string)  UTF-8 bytes
const quoteCases = [
  "hi", 'say "hi"', "back\\slash", "tab\there", "nl\nx", "\x00\x01\x1f\x7f", "\b\f\r", "é€😀",
  "</script>", "\u2028\u2029", "", "a/b", "\x1e",
];
for (const s of quoteCases) {
  const q = JSON.stringify(s);
  emit("json_quote", s, q, Buffer.byteLength(q));
}
// json_valid  text  ->  1|0  (JSON.parse accepts it)
const validCases = [
  "{\"a\":1}", "{\"a\":1,}", "{a:1}", "[1,[2,[3]]]", "\"\\u00e9\"", "\"\\u00G0\"", "1e400", "-0",
  "- 1", "  [ 1 , 2 ]  ", "\x0b[1]", "[1]\u00a0", "nul", "null", "\"abc", "[]", "{}", "",
  " ", "0", "01", "1.5e+3", "1.5E-3", "1e", "-", "\"\\/\"", "\"\\'\"", "\"a\x7fb\"", "\"\x1f\"",
  "[\"a\"] [\"b\"]", "{\"a\" : [ true , false ] , \"b\" : { } }", "\r\n\t[0]\r\n\t", "[1,]",
  "{\"a\":1 \"b\":2}", "\"\\ud800\"", "\"\\uDFFF\\uD800\"", "[-1.0e-0]", "[+1]", "[.1]", "[1.e1]",
  "[Infinity]", "[NaN]", "[true,false,null]", "[tRue]", "\"é😀\"",
];
for (const text of validCases) {
  let ok = 1;
  try { JSON.parse(text); } catch { ok = 0; }
  emit("json_valid", text, ok);
}
// json_string  literal  ->  the string it denotes (a lone surrogate prints as U+FFFD in UTF-8)
const stringCases = [
  "\"plain\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u20AC\"", "\"\\ud83d\\ude00\"",
  "\"\\ud83d\"", "\"\\ude00x\"", "\"é😀\"", "\"\\u0000\"", "\"\"",
];
for (const lit of stringCases) emit("json_string", lit, JSON.parse(lit));

// ---------------------------------------------------------------------------------------------
// Socket.IO payload helpers.
// sio_event_payload  name  args(JSON texts, joined by \x1f)  ->  JSON.stringify([name, ...args])
const eventCases = [
  ["chat", ["\"hi\""]], ["hello", ["\"world\""]], ["foo", []], ["", []],
  ["héllo \"q\"", ["{\"a\":[1,2]}", "null", "3.5", "\"€\""]],
];
for (const [name, args] of eventCases) {
  emit("sio_event_payload", name, args.join("\x1f"),
       JSON.stringify([name, ...args.map((a) => JSON.parse(a))]));
}
// sio_server_connect  sid  pid  ->  data JSON   (socket.io lib/socket.ts _onconnect)
for (const [sid, pid] of [["wZX3oN0bSVIhsaknAAAI", undefined],
                          ["GNpWD7LbGCBNCr8GAAAB", "YHcX2sdAF1z452-HAAAW"]]) {
  const json = JSON.stringify({ sid, pid });
  emit("sio_server_connect", sid, opt(pid), json, Buffer.byteLength("40" + json));
}
// sio_client_connect  pid  offset  ->  data JSON   (socket.io-client lib/socket.ts _sendConnectPacket,
// no auth)
for (const [pid, offset] of [[undefined, undefined], ["YHcX2sdAF1z452-HAAAW", "MzUPkW0"],
                             ["YHcX2sdAF1z452-HAAAW", undefined]]) {
  const data = pid ? Object.assign({ pid, offset }, undefined) : undefined;
  const json = data === undefined ? "~" : JSON.stringify(data);
  emit("sio_client_connect", opt(pid), opt(offset), json,
       Buffer.byteLength("40" + (data === undefined ? "" : json)));
}
// sio_connect_error  message  data  ->  data JSON   (socket.io lib/namespace.ts middleware error)
for (const [message, data] of [["Not authorized", undefined], ["Not authorized", "{\"code\":42}"],
                               ["Invalid namespace", undefined], ["é \"x\"", "\"s\""]]) {
  const err = { message, data: data === undefined ? undefined : JSON.parse(data) };
  emit("sio_connect_error", message, opt(data), JSON.stringify(err));
}
// sio_append_offset  data  offset  ->  data with the offset pushed (socket.io-adapter
// SessionAwareAdapter#broadcast: packet.data.push(id))
for (const [data, offset] of [["[\"foo\"]", "MzUPkW0"], ["[]", "MzUPkW0.0"],
                              ["[\"a\",{\"b\":[1]}]", "x"]]) {
  const arr = JSON.parse(data);
  arr.push(offset);
  emit("sio_append_offset", data, offset, JSON.stringify(arr));
}

// ---------------------------------------------------------------------------------------------
// backo2 (socket.io-client build/cjs/contrib/backo2.js) with Math.random stubbed per call.
// backoff  min  max  factor  jitter  rands(comma; "R" = reset())  ->  durations(comma; "R" echoed)
const realRandom = Math.random;
function backoffCase(opts, rands) {
  const b = new Backoff(opts);
  const durations = rands.map((r) => {
    if (r === "R") { b.reset(); return "R"; }
    Math.random = () => r;
    return b.duration();
  });
  Math.random = realRandom;
  emit("backoff", opts.min, opts.max, opts.factor ?? 0, opts.jitter, rands.join(","),
       durations.join(","));
}
const defaults = { min: 1000, max: 5000, jitter: 0.5 }; // what socket.io-client's Manager passes
// 0.8999999999999999 (the largest double below 0.9) times 10 rounds to 9: an odd stripe.
const edgeRands = [0, 0.05, 0.0999999999999999, 0.1, 0.5, 0.8999999999999998, 0.8999999999999999, 0.9,
                   0.9999999999999999, 0.123456789, 0.987654321];
for (const r of edgeRands) backoffCase(defaults, Array(7).fill(r));
backoffCase(defaults, [0.95, 0.95, 0.95, "R", 0.95, 0.95, "R", 0.3]);
// Beyond ~1015 attempts, 1000 * 2^attempts is Infinity; with jitter the even branch computes
// Infinity - Infinity = NaN and NaN | 0 = 0.
const many = [];
for (let k = 0; k < 1040; k++) many.push([0, 0.05, 0.15, 0.95, 0.4][k % 5]);
backoffCase(defaults, many);
backoffCase({ min: 1000, max: 5000, jitter: 0 }, Array(1030).fill(0.5));
backoffCase({ min: 1000, max: 5000, jitter: 1 }, [0, 0.15, 0.8999999999999999, 0.95, 0.95, 0.95]);
backoffCase({ min: 1000, max: 5000, jitter: 1.5 }, [0.95, 0.95, 0.95]);
backoffCase({ min: 1000, max: 5000, jitter: -0.5 }, [0.95, 0.95, 0.95]);
backoffCase({ min: 0, max: 0, jitter: 0.5 }, [0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95]);
backoffCase({ min: 1000, max: 5000, factor: 0, jitter: 0.5 }, [0.5, 0.5, 0.5]);
backoffCase({ min: 300, max: 100000, factor: 1.5, jitter: 0.25 },
            [0.31, 0.77, 0.05, 0.99, 0.5, 0.62, 0.13, 0.88, 0.01, 0.45]);
backoffCase({ min: 1000, max: 3e9, jitter: 0 }, Array(24).fill(0));
backoffCase({ min: 1000, max: 3e9, jitter: 0.5 }, Array(24).fill(0.95));

// ---------------------------------------------------------------------------------------------
// yeast (socket.io-adapter dist/contrib/yeast.js) with `new Date()` stubbed.
// yeast  timestamps(ms, comma)  ->  offsets(comma)
const RealDate = Date;
function yeastCase(times) {
  const offsets = times.map((t) => {
    global.Date = class extends RealDate { constructor() { super(t); } };
    try { return yeastModule.yeast(); } finally { global.Date = RealDate; }
  });
  emit("yeast", times.join(","), offsets.join(","));
}
const EPOCH_2026 = RealDate.UTC(2026, 0, 1); // 1767225600000
yeastCase([EPOCH_2026, EPOCH_2026 + 1, EPOCH_2026 + 1, EPOCH_2026 + 1, EPOCH_2026 + 2]);
yeastCase(Array(70).fill(EPOCH_2026 + 5).concat([EPOCH_2026 + 6, EPOCH_2026 + 6]));
yeastCase([EPOCH_2026 + 10, EPOCH_2026 + 9, EPOCH_2026 + 9, 1700000000000, 0, 0, 63, 64, 4095, 4096]);
// yeast_encode  number  ->  encode(number)
for (const n of [0, 1, 63, 64, 4095, 4096, 1767225600000, 4398046511103, 4398046511104]) {
  emit("yeast_encode", n, yeastModule.encode(n));
}

// ---------------------------------------------------------------------------------------------
// base64id 2.0.0 generateId(): 12 random bytes, then the low 3 bytes of an int32 sequence number
// (bytes 11..14 written big-endian, byte 11 then overwritten by the random bytes), base64 with
// '/' -> '_' and '+' -> '-'.
// base64id  random(hex, 12 bytes)  sequence(int32 written)  ->  id
function idCase(randomHex, sequenceBefore) {
  base64id.getRandomBytes = () => bytes(randomHex);
  base64id.sequenceNumber = sequenceBefore;
  const id = base64id.generateId();
  emit("base64id", randomHex, base64id.sequenceNumber, id);
}
idCase("000102030405060708090a0b", -1);
idCase("ffffffffffffffffffffffff", 1);
idCase("fbefbefbefbefbefbefbefbe", 21);
idCase("123456789abcdef012345678", 2147483646);
idCase("123456789abcdef012345678", 2147483647); // wraps to -2147483648
idCase("000000000000000000000000", 16777215);
// A fresh generator starts at sequence 0: (undefined + 1) | 0 === 0.
delete base64id.sequenceNumber;
base64id.getRandomBytes = () => bytes("000000000000000000000000");
emit("base64id_fresh", base64id.generateId(), base64id.generateId());

process.stdout.write(out.join("\n") + "\n");
