// Incremental HTTP/1.1 message parsers (RFC 9112), one per direction. Bytes arrive in whatever
// pieces TCP delivers them; feed() accumulates them and complete messages come out of next(),
// in order (several may be pending when requests are pipelined).
//
// Message framing (RFC 9112 §6.3): a response with status 1xx, 204 or 304 has no body; a
// Transfer-Encoding of `chunked` frames the body in chunks (§7.1) and wins over Content-Length;
// otherwise a body is exactly Content-Length bytes; a request without either has none; another
// response runs until the connection closes (finish()). A chunked body comes out decoded (its
// data, without chunk sizes, extensions or trailer fields). Any other transfer coding (gzip,
// deflate, compress) is reported as TransferEncodingUnsupported: netsim never sends one.
//
// Protocol switch (RFC 9110 §7.8, §15.2.2): after a 101 response, or a request that asks to
// Upgrade (Connection lists "upgrade" and an Upgrade field is present), the bytes that follow
// belong to the new protocol. The parser stops there (upgraded()); take_rest() hands those bytes
// over, including any fed later. A server that declines the upgrade parses take_rest() with a
// fresh parser.
//
// Malformed input is a peer's bad packet, not an exception: the parser stops in an error state
// (failed(), error()); messages completed before the error stay available from next().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/http/message.h"

namespace netsim::http {

enum class ParseError : std::uint8_t {
  None,
  BadStartLine,                 // RFC 9112 §3, §4 grammar
  BadHeaderLine,                // no colon, bad field name, whitespace before the colon, obs-fold
  HeaderSectionTooLarge,        // start line and fields longer than the parser's limit
  BadContentLength,             // not digits, or differing values (RFC 9112 §6.3 item 5)
  TransferEncodingUnsupported,  // a transfer coding other than a lone `chunked`
  BadChunk,                     // RFC 9112 §7.1 chunk grammar
  TruncatedMessage,             // the connection closed inside a message (RFC 9112 §8)
};

// "bad start line", ...
std::string_view to_string(ParseError error);

// One parser for Request or Response; the two differ only in the start line and body rules.
template <class Message>
class MessageParser {
 public:
  // Node.js's default limit for the header section (http.maxHeaderSize) is 16 KiB.
  static constexpr std::size_t kDefaultMaxHeaderBytes = 16 * 1024;

  explicit MessageParser(std::size_t max_header_bytes = kDefaultMaxHeaderBytes)
      : max_header_bytes_(max_header_bytes) {}

  // Bytes received from the peer. Ignored after an error; kept for take_rest() once upgraded.
  void feed(std::string_view bytes);

  // The connection closed: completes a response body delimited by the close (RFC 9112 §6.3 item
  // 8); any other partial message is TruncatedMessage.
  void finish();

  // The oldest complete message not yet taken.
  std::optional<Message> next();

  // The message whose body is still arriving (its head parsed, its body not complete), if any,
  // and how many body bytes of it have come: a server that limits bodies can answer before the
  // end (engine.io's 413 for a POST over maxHttpBufferSize, sent when the count passes it).
  // The pointer is valid until the next feed().
  const Message* partial() const { return in_body_ && !failed() ? &current_ : nullptr; }
  std::uint64_t partial_body_bytes() const;
  // The rest of the partial message's body is read and dropped, not kept (Node.js dumps the body
  // of a request answered early): the message still comes out of next(), its body empty.
  void discard_body();

  bool failed() const { return error_ != ParseError::None; }
  ParseError error() const { return error_; }

  // The last message switched protocols; parsing stopped after it.
  bool upgraded() const { return upgraded_; }

  // Once upgraded, the bytes after the switching message (and any fed since); they are removed
  // from the parser. Empty otherwise.
  std::string take_rest();

 private:
  enum class BodyRule : std::uint8_t { None, Length, Chunked, UntilClose };
  // Where a chunked body is (RFC 9112 §7.1): at a chunk-size line, in chunk-data, at the CRLF
  // after it, or in the trailer section after the last chunk.
  enum class ChunkPart : std::uint8_t { Size, Data, DataEnd, Trailer };

  void parse();
  bool parse_head();     // false: more bytes needed, or failed
  bool parse_body();     // false: more bytes needed
  bool parse_chunked();  // false: more bytes needed, or failed
  void complete_message();
  void fail(ParseError error);
  std::string_view unread() const { return std::string_view(buffer_).substr(pos_); }
  void compact();

  std::size_t max_header_bytes_;
  std::string buffer_;       // received bytes; [0, pos_) are consumed
  std::size_t pos_ = 0;      // first unconsumed byte
  std::size_t scanned_ = 0;  // header-end search resumes here (no rescan per feed)
  bool in_body_ = false;     // current_ has its head; waiting for body bytes
  BodyRule body_rule_ = BodyRule::None;
  std::uint64_t body_length_ = 0;  // BodyRule::Length; the rest of a chunk's data
  bool discarding_ = false;        // discard_body(): the body is counted, not kept
  std::uint64_t discarded_ = 0;    // body bytes dropped so far
  ChunkPart chunk_part_ = ChunkPart::Size;
  Message current_{};
  // Complete messages not yet taken, from ready_head_ on. A vector, not a deque: an empty deque
  // allocates its first block (over 500 bytes) and every connection has a parser.
  std::vector<Message> ready_;
  std::size_t ready_head_ = 0;
  ParseError error_ = ParseError::None;
  bool upgraded_ = false;
  bool finished_ = false;
};

extern template class MessageParser<Request>;
extern template class MessageParser<Response>;

using RequestParser = MessageParser<Request>;
using ResponseParser = MessageParser<Response>;

// True if the message switches protocols: a 101 response, or a request carrying Upgrade and a
// Connection field that lists "upgrade" (RFC 9110 §7.8).
bool switches_protocol(const Request& request);
bool switches_protocol(const Response& response);

}  // namespace netsim::http
