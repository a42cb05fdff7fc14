// The client library a Socket.IO server serves at GET {path}socket.io.js: its size as is and
// compressed, and the chunks of the response body in each content coding.
//
// socket.io index.ts `sendFile` streams the file (fs.createReadStream: 64 KiB reads), through
// zlib when the request accepts br, gzip or deflate (createBrotliCompress, createGzip,
// createDeflate with their default levels), into the response without a Content-Length: every
// piece a stream pushes becomes one chunk of a chunked body (RFC 9112 §7.1). The compressed
// pieces are zlib's output buffers (16 KiB, Node.js's zlib `chunkSize`), pushed when full or when
// an input read has been consumed; gzip and deflate push their header (RFC 1952 §2.3: 10 bytes;
// RFC 1950 §2.2: 2 bytes) on its own first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/http/content_coding.h"

namespace netsim::realtime {

struct ClientScript {
  // By default socket.io 4.8.3's client-dist/socket.io.js (the file `socket.io.js` names, not
  // the minified one) as the reference server sends it on Node.js 20: 155,836 bytes, 37,660
  // with gzip, 31,553 with br (tests/data/http_golden.tsv).
  std::uint64_t bytes = 155'836;
  std::uint64_t gzip_bytes = 37'660;
  std::uint64_t br_bytes = 31'553;

  // The smallest gzip body (RFC 1952 of an empty file: header, an empty block, trailer).
  static constexpr std::uint64_t kMinGzipBytes = 20;

  // The body's size in a coding. Deflate is gzip less 12 bytes: the same compressed data in a
  // zlib wrapper (RFC 1950: 2 + 4 bytes) instead of a gzip one (10 + 8).
  std::uint64_t size(http::ContentCoding coding) const;
  // The data chunk sizes of the chunked body in a coding: 64 KiB reads as is; compressed, the
  // header alone (gzip, deflate), then full 16 KiB output buffers and the rest. The reference
  // file's compressed bodies are the measured ones, in which zlib pushed one buffer in two pieces
  // at the end of an input read (one chunk more), which only a measurement can tell.
  std::vector<std::size_t> chunks(http::ContentCoding coding) const;
  bool operator==(const ClientScript&) const = default;
};

}  // namespace netsim::realtime
