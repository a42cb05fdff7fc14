// The bytes of one WebSocket connection carrying Engine.IO: Engine.IO packets in, frames on the
// stream out (EIO-SPEC "Packet encoding / WebSocket": one packet per frame, text frames for
// text, binary payloads raw in binary frames). Shared by the server's and the client's side;
// the opening handshake happened before (HTTP Upgrade, RFC 6455 §4).
#pragma once

#include <boost/container/small_vector.hpp>
#include <memory>
#include <string_view>
#include <vector>

#include "models/engineio/packet.h"
#include "models/tcp/byte_stream.h"
#include "models/websocket/endpoint.h"
#include "sim/random.h"

namespace netsim::realtime {

// The packets of the bytes one delivery brought: usually one, held in place on the reader's
// stack (a heap buffer per connection was one more cache miss per message).
using PacketList = boost::container::small_vector<engineio::Packet, 2>;

class WsLink {
 public:
  // Server role: frames are unmasked. Client role: every frame is masked with a key from `masks`.
  // `config.max_payload`: a larger frame or message fails the connection with 1009 (the server:
  // engine.io gives ws `maxPayload: maxHttpBufferSize`).
  WsLink(tcp::ByteStream& stream, bool client, sim::Rng masks,
         websocket::EndpointConfig config = {});

  // Bytes the stream delivered; decoded Engine.IO packets are appended to `packets`. Returns
  // false once the WebSocket is closed (by a close frame or a protocol error).
  bool on_bytes(std::string_view bytes, PacketList& packets);
  // Writes one packet as one frame.
  void write(const engineio::Packet& packet);
  // Writes a frame already encoded (a broadcast encodes its server frame once for every
  // recipient: a server's frames are unmasked, so they are the same bytes for all).
  void write_frame(std::string_view frame);
  // Starts the closing handshake (RFC 6455 §7.1.2) with status 1000.
  void close();
  // TCP went away under the WebSocket.
  void on_transport_closed();

  bool open() const;
  // The connection failed on a protocol error (ws emits "error": a transport error above).
  bool failed() const { return endpoint_.failed(); }
  // Frames of WebSocket bytes written that TCP has not yet taken (ws's `send` callback has not
  // fired): the Engine.IO transport is not writable meanwhile (a volatile packet is dropped).
  bool writable() const { return stream_.backlog() == 0; }
  tcp::ByteStream& stream() { return stream_; }
  // A received message's data, done with: its buffer takes the next one.
  void recycle(std::string&& data) { endpoint_.recycle(std::move(data)); }

 private:
  void flush();

  tcp::ByteStream& stream_;
  websocket::Endpoint endpoint_;
};

}  // namespace netsim::realtime
