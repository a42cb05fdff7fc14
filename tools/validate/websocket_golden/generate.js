// Prints RFC 6455 frames as the `ws` library (the WebSocket implementation engine.io and
// Socket.IO use) encodes them, one case per line, as tests/data/websocket_frames_golden.tsv.
// tests/websocket/golden_test.cc encodes every case with netsim::websocket::append_frame and
// compares the bytes, so netsim's framing is checked against code nobody here wrote.
//
// Regenerate (needs Node.js and npm; the test itself does not):
//   cd tools/validate/websocket_golden && npm ci && npm run --silent generate
//
// Frames go through ws's Sender (send/ping/pong/close) with a fixed masking key, so the close
// body encoding is ws's as well. Columns:
//   case        a name for the test's failure message
//   fin         1 or 0
//   opcode      hex digit
//   mask_key    8 hex digits, or - for an unmasked frame
//   payload     text:<utf-8>  |  bytes:<n> (byte i = (i*31 + 7) mod 256)  |  close:  |  close:<code>:<reason>
//   length      frame length in bytes
//   sha1        SHA-1 of the whole frame, hex
//   head        hex of the first min(length, 200) bytes of the frame
'use strict';

const crypto = require('crypto');
const { Sender } = require('ws');  // the public export of ws/lib/sender.js
const wsVersion = require('ws/package.json').version;

function pattern(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

// A stand-in for the TCP socket: collects what the Sender writes.
function capture() {
  const chunks = [];
  return {
    chunks,
    cork() {},
    uncork() {},
    write(chunk, cb) {
      chunks.push(Buffer.from(chunk));
      if (cb) cb();
      return true;
    }
  };
}

function senderWith(maskKey) {
  const socket = capture();
  const key = maskKey === '-' ? null : Buffer.from(maskKey, 'hex');
  const sender = new Sender(socket, {}, key ? (m) => key.copy(m) : undefined);
  return { socket, sender, masked: key !== null };
}

// [case, maskKey, payload spec, kind, fin]; kind is text, binary, ping, pong, close, or
// continuation (the second part of a fragmented text message).
const cases = [
  ['rfc_5_7_unmasked_text_hello', '-', 'text:Hello', 'text', true],
  ['rfc_5_7_masked_text_hello', '37fa213d', 'text:Hello', 'text', true],
  ['rfc_5_7_fragment_1_hel', '-', 'text:Hel', 'text', false],
  ['rfc_5_7_fragment_2_lo', '-', 'text:lo', 'continuation', true],
  ['rfc_5_7_unmasked_ping_hello', '-', 'text:Hello', 'ping', true],
  ['rfc_5_7_masked_pong_hello', '37fa213d', 'text:Hello', 'pong', true],
  ['rfc_5_7_binary_256_unmasked', '-', 'bytes:256', 'binary', true],
  ['rfc_5_7_binary_65536_unmasked', '-', 'bytes:65536', 'binary', true],
  ['utf8_text_unmasked', '-', 'text:h\u00e9llo \u20ac \u{1f600}', 'text', true],
  ['utf8_text_masked', 'a1b2c3d4', 'text:h\u00e9llo \u20ac \u{1f600}', 'text', true],
  ['empty_ping_masked', 'a1b2c3d4', 'bytes:0', 'ping', true],
  ['ping_125_unmasked', '-', 'bytes:125', 'ping', true],
  ['zero_mask_key_text', '00000000', 'text:Hello', 'text', true],
  ['close_empty_unmasked', '-', 'close:', 'close', true],
  ['close_empty_masked', '37fa213d', 'close:', 'close', true],
  ['close_1000_unmasked', '-', 'close:1000:', 'close', true],
  ['close_1000_masked', '37fa213d', 'close:1000:', 'close', true],
  ['close_1001_reason_unmasked', '-', 'close:1001:going away', 'close', true],
  ['close_1002_masked', 'a1b2c3d4', 'close:1002:', 'close', true],
  ['close_1011_reason_masked', 'a1b2c3d4', 'close:1011:server error', 'close', true],
  ['close_3000_reason_unmasked', '-', 'close:3000:x', 'close', true],
  ['close_4999_reason_123_masked', '0badf00d', 'close:4999:' + 'r'.repeat(123), 'close', true]
];
for (const n of [0, 1, 5, 125, 126, 127, 65535, 65536, 70000]) {
  cases.push([`binary_${n}_unmasked`, '-', `bytes:${n}`, 'binary', true]);
  cases.push([`binary_${n}_masked`, '0badf00d', `bytes:${n}`, 'binary', true]);
}

function payloadOf(spec) {
  if (spec.startsWith('text:')) return spec.slice(5);
  if (spec.startsWith('bytes:')) return pattern(Number(spec.slice(6)));
  throw new Error(`bad payload spec ${spec}`);
}

console.log(`# RFC 6455 frames encoded by ws ${wsVersion} (tools/validate/websocket_golden/generate.js)`);
console.log('case\tfin\topcode\tmask_key\tpayload\tlength\tsha1\thead');
for (const [name, maskKey, spec, kind, fin] of cases) {
  const { socket, sender, masked } = senderWith(maskKey);
  if (kind === 'close') {
    const body = spec.slice('close:'.length);
    if (body === '') {
      sender.close(undefined, undefined, masked);
    } else {
      const colon = body.indexOf(':');
      sender.close(Number(body.slice(0, colon)), body.slice(colon + 1), masked);
    }
  } else if (kind === 'ping') {
    sender.ping(payloadOf(spec), masked);
  } else if (kind === 'pong') {
    sender.pong(payloadOf(spec), masked);
  } else if (kind === 'continuation') {
    // ws turns the second send() of a message into a continuation frame.
    sender.send('x', { fin: false, mask: masked });
    socket.chunks.length = 0;
    sender.send(payloadOf(spec), { fin, mask: masked });
  } else {
    sender.send(payloadOf(spec), { binary: kind === 'binary', fin, mask: masked });
  }
  const frame = Buffer.concat(socket.chunks);
  const opcode = (frame[0] & 0x0f).toString(16);
  const head = frame.subarray(0, Math.min(frame.length, 200)).toString('hex');
  const sha1 = crypto.createHash('sha1').update(frame).digest('hex');
  console.log([name, fin ? 1 : 0, opcode, maskKey, spec, frame.length, sha1, head].join('\t'));
}
