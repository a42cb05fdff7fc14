#include "models/realtime/ws_link.h"

namespace netsim::realtime {

WsLink::WsLink(tcp::ByteStream& stream, bool client, sim::Rng masks,
               websocket::EndpointConfig config)
    : stream_(stream),
      endpoint_(client ? websocket::Endpoint::client(masks, config)
                       : websocket::Endpoint::server(config)) {}

bool WsLink::on_bytes(std::string_view bytes, PacketList& packets) {
  endpoint_.on_bytes(bytes);
  for (websocket::Event& e : endpoint_.events()) {
    if (e.kind != websocket::Event::Kind::Message) continue;
    const bool binary = e.opcode == websocket::Opcode::Binary;
    if (std::optional<engineio::Packet> p = engineio::decode_ws(std::move(e.payload), binary)) {
      packets.push_back(std::move(*p));
    }
  }
  endpoint_.events().clear();
  flush();  // pongs and close replies
  return open();
}

void WsLink::write(const engineio::Packet& packet) {
  if (!open()) return;
  const std::string data = engineio::encode_ws(packet);
  if (packet.binary) {
    endpoint_.send_binary(data);
  } else {
    endpoint_.send_text(data);
  }
  flush();
}

void WsLink::write_frame(std::string_view frame) {
  if (open()) stream_.write(frame);
}

void WsLink::close() {
  if (!open()) return;
  endpoint_.close(websocket::kNormalClosure);
  flush();
}

void WsLink::on_transport_closed() {
  endpoint_.on_transport_closed();
  endpoint_.events().clear();
}

bool WsLink::open() const { return endpoint_.state() == websocket::ReadyState::Open; }

void WsLink::flush() {
  if (!endpoint_.outbox().empty()) {
    stream_.write(endpoint_.outbox());
    endpoint_.outbox().clear();
  }
  // RFC 6455 §7.1.1: after the closing handshake the server closes TCP first.
  if (endpoint_.should_close_transport()) stream_.close();
}

}  // namespace netsim::realtime
