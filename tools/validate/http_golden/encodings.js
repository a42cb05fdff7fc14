// What the reference server picks for its client file from each Accept-Encoding value: socket.io
// 4.8.3 `sendFile` calls accepts(req).encodings(["br", "gzip", "deflate"]) (accepts 1.3 on
// negotiator 0.6.3) and sends the file as is when that is false. For
// tests/websocket/content_coding_test.cc (tests/data/accept_encoding_golden.tsv), which asks netsim's
// negotiation the same questions.
//
// Regenerate (needs Node.js and the npm registry; the test itself does not need node):
//   cd tools/validate/http_golden && npm ci && node encodings.js > ../../../tests/data/accept_encoding_golden.tsv
//
// One row per case: the field value (escaped by escape.js; <absent> for no field) and the
// content coding chosen, "identity" for false.
"use strict";

const accepts = require(require.resolve("accepts", { paths: [require.resolve("socket.io")] }));

const esc = require("./escape");

const VALUES = [
  null,
  "",
  "gzip, deflate",  // Chrome and Firefox over http: (brotli and zstd only over https:)
  "gzip, deflate, br, zstd",  // Chrome over https:
  "gzip, deflate, br",
  "deflate, gzip",
  "br",
  "deflate",
  "identity",
  "*",
  "*;q=0.5, gzip",
  "*, br;q=0",
  "gzip;q=0.5, br;q=0.4",
  "deflate;q=0.8, *;q=0.8",
  "deflate;q=0.001, gzip;q=0.0009",
  "identity;q=0, *;q=0",
  "gzip;q=0",
  "gzip;q=0, *",
  "x-gzip",
  "compress, gzip",
  "GZIP",
  "Br;Q=0.5, gzip;q=0.4",
  " gzip ; q=0.9 , deflate",
  "gzip;level=1;q=0.3, deflate;q=0.2",
  "br;q=abc, gzip;q=0.1",
  "br;q=1.5, gzip",
  "gzip;q=, deflate;q=0.5",
  ",,gzip,",
  "gzip;q=0.5;q=0.9, deflate;q=0.7",
  "br;q=0.9, br;q=0.2, gzip;q=0.5",
  "*;q=0.3, *;q=0.9, deflate;q=0.5",
  "gzip;q=0.50, deflate;q=.5",
  "gzip;q=1e-1, deflate;q=0.05",
  "gzip;q=-1, deflate",
  "gzip deflate",
  "zstd",
  "gzip;q=1., deflate;q=0.9",
  "gzip;q=+0.5, deflate;q=0.4",
  "gzip;q=Infinity, br;q=1e9",
  "gzip;q=.5e1x, deflate;q=4",
  "gzip;q= 0.5, deflate;q=0.4",
  "gzip; q=0.5, deflate;q=0.6",
  "gzip;q=0x10, deflate;q=0.5",
  "gzip;q, deflate;q=0.5",
  "br;q=0.5=0.9, gzip;q=0.6",
];

for (const value of VALUES) {
  const headers = value === null ? {} : { "accept-encoding": value };
  const chosen = accepts({ headers }).encodings(["br", "gzip", "deflate"]) || "identity";
  process.stdout.write([value === null ? "<absent>" : esc(value), chosen].join("\t") + "\n");
}
