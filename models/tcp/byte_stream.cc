#include "models/tcp/byte_stream.h"

#include <algorithm>
#include <cstdint>

#include "sim/assert.h"

namespace netsim::tcp {

ByteStream::ByteStream(StreamDirectory& directory, TcpSocket& socket, StreamListener* listener)
    : directory_(directory), socket_(socket), listener_(listener) {
  socket_.set_observer(this);
  socket_.receive_state().add_object(this);
}

void ByteStream::write(std::string_view bytes) {
  if (ended_ || close_pending_ || bytes.empty()) return;
  sent_.append(bytes);
  written_ += bytes.size();
  // An ACK's trim moves the buffer's bytes: listed for the arrivals, again whenever it moved.
  socket_.receive_state().relist(own_bytes_, sent_.data(), kListedBytes);
  push();
}

void ByteStream::push() {
  if (ended_ || to_tcp_ == written_) return;
  to_tcp_ += socket_.send(written_ - to_tcp_);
  if (close_pending_ && to_tcp_ == written_) {
    close_pending_ = false;
    socket_.close();
  }
}

void ByteStream::close() {
  if (ended_ || close_pending_) return;
  if (to_tcp_ < written_) {
    close_pending_ = true;  // the FIN must follow every byte written (RFC 9293 §3.10.4 CLOSE)
    return;
  }
  socket_.close();
}

void ByteStream::abort() {
  if (ended_) return;
  socket_.abort();  // no event follows: the application asked for it
  ended_ = true;
  open_ = false;
}

std::string_view ByteStream::sent_bytes(std::uint64_t from, std::uint64_t length) const {
  if (from < base_ || from + length > base_ + sent_.size()) return {};
  return std::string_view(sent_).substr(from - base_, length);
}

std::string_view ByteStream::sent_bytes_at(SeqNum seq, std::uint64_t length) const {
  // offset = seq − (ISS + 1), modulo 2^32. Measured from the acknowledged edge (acked_) rather
  // than from offset 0, the signed 32-bit distance extends to the 64-bit offset even in streams
  // longer than 4 GiB: every segment sent or in flight lies within a window (< 2^31 bytes) of it.
  const SeqNum acked_seq = socket_.connection().iss() + 1 + static_cast<std::uint32_t>(acked_);
  const std::int64_t offset = static_cast<std::int64_t>(acked_) + (seq - acked_seq);
  if (offset < 0) return {};  // sequence space before the data: the SYN
  return sent_bytes(static_cast<std::uint64_t>(offset), length);
}

void ByteStream::on_tcp_event(TcpSocket&, const TcpEvent& event) {
  using Kind = TcpEvent::Kind;
  switch (event.kind) {
    case Kind::Established:
      open_ = true;
      push();
      if (listener_ != nullptr) listener_->on_stream_open(*this);
      break;
    case Kind::Delivered:
      read_to(event.bytes);
      break;
    case Kind::Buffered:
      break;
    case Kind::Acknowledged:
      trim(event.bytes);
      push();
      break;
    case Kind::PeerClosed:
      if (listener_ != nullptr) {
        listener_->on_stream_peer_closed(*this);
      } else {
        close();  // nobody reads any more: answer the FIN so the connection ends
      }
      break;
    case Kind::Closed:
    case Kind::Reset:
    case Kind::ConnectFailed:
    case Kind::TimedOut:
    case Kind::AddressUnavailable:
      end(event.kind);
      break;
  }
}

void ByteStream::read_to(std::uint64_t delivered) {
  if (delivered <= read_) return;
  if (peer_ == nullptr) {
    peer_ = directory_.find(socket_.remote(), socket_.remote_port(), socket_.local_address(),
                            socket_.local_port());
    socket_.receive_state().add_object(peer_);  // every delivery reads the peer's bytes
  }
  NETSIM_ASSERT(peer_ != nullptr, "bytes delivered on a stream whose sender is unknown");
  const std::string_view bytes = peer_->sent_bytes(read_, delivered - read_);
  // The peer's next bytes are written at the front of its buffer, which may have moved.
  socket_.receive_state().relist(peer_bytes_, peer_->sent_.data(), kListedBytes);
  NETSIM_ASSERT(bytes.size() == delivered - read_, "delivered bytes no longer held by the sender");
  read_ = delivered;
  if (listener_ != nullptr) listener_->on_stream_data(*this, bytes);
}

void ByteStream::trim(std::uint64_t acked) {
  acked_ = std::max(acked_, acked);
  // Erase from the front only when at least half the buffer is acknowledged, so each byte is
  // moved a bounded number of times.
  const std::uint64_t done = acked_ - base_;
  if (done > 0 && 2 * done >= sent_.size()) {
    sent_.erase(0, done);
    base_ = acked_;
  }
}

void ByteStream::end(TcpEvent::Kind why) {
  if (ended_) return;
  ended_ = true;
  open_ = false;
  if (listener_ != nullptr) listener_->on_stream_closed(*this, why);
}

ByteStream& StreamDirectory::add(TcpSocket& socket, StreamListener* listener) {
  ByteStream& stream =
      *streams_.emplace_back(std::make_unique<ByteStream>(*this, socket, listener));
  by_address_[Key{socket.local_address().value(), socket.local_port(), socket.remote().value(),
                  socket.remote_port()}] = &stream;
  return stream;
}

ByteStream& StreamDirectory::connect(TcpLayer& layer, net::Ipv4Address remote, std::uint16_t port,
                                     const TcpConfig& config, StreamListener* listener) {
  // The SYN is sent now, but no event can come before the stream observes the socket.
  return add(layer.connect(remote, port, config, nullptr), listener);
}

ByteStream& StreamDirectory::accept(TcpSocket& socket, StreamListener* listener) {
  return add(socket, listener);
}

const ByteStream* StreamDirectory::find(net::Ipv4Address local, std::uint16_t local_port,
                                        net::Ipv4Address remote, std::uint16_t remote_port) const {
  const auto it = by_address_.find(Key{local.value(), local_port, remote.value(), remote_port});
  return it == by_address_.end() ? nullptr : it->second;
}

bool StreamDirectory::fill_payload(const net::Packet& packet,
                                   std::span<std::uint8_t> payload) const {
  if (packet.ip.protocol != net::IpProtocol::Tcp || payload.empty()) return false;
  const ByteStream* sender = find(packet.ip.source, packet.tcp.source_port, packet.ip.destination,
                                  packet.tcp.destination_port);
  if (sender == nullptr) return false;  // a connection without a stream: bytes never existed
  // The SYN occupies the segment's first sequence number, the data follows it (RFC 9293 §3.4);
  // a FIN comes after the data, so it moves nothing here.
  SeqNum first(packet.tcp.sequence);
  if ((packet.tcp.flags & net::tcp_flags::kSyn) != 0) first += 1;
  const std::string_view bytes = sender->sent_bytes_at(first, payload.size());
  // Not held: the bytes were acknowledged and trimmed from the send buffer. That can happen to a
  // spurious retransmission captured on arrival (its original was acknowledged while the copy was
  // in flight): its capture keeps zeros. Its checksum is then computed over the zeros.
  if (bytes.size() != payload.size()) return false;
  std::copy(bytes.begin(), bytes.end(), payload.begin());
  return true;
}

}  // namespace netsim::tcp
