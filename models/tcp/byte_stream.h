// Real bytes over the simulated TCP. TcpConnection counts bytes (sequence space), which is all
// TCP needs; protocols above it (HTTP, WebSocket, Engine.IO) need the bytes themselves, and
// their sizes on the wire must be exact. A ByteStream owns one TcpSocket's application side: what
// the application writes is appended to a send buffer whose length is handed to TCP, and when
// the peer's TCP reports bytes delivered in order, the peer's ByteStream reads exactly those
// bytes out of this send buffer. The bytes never travel inside packets (headers are structs;
// payload is a length), yet the receiver sees precisely the byte string the sender wrote, split
// wherever TCP's in-order delivery happened to split it, and only when TCP delivered it: loss,
// retransmission and head-of-line blocking shape when the application reads, not what it reads.
//
// A send buffer is trimmed once the peer acknowledges the bytes: an ACK leaves the receiver
// after its TCP delivered (and its ByteStream read) the data it covers.
//
// StreamDirectory is the per-simulation place where the two ends find each other (by address
// and port pair, as TCP demultiplexes, RFC 9293 §3.10.7) and which owns every stream until the
// simulation ends, so a stream whose host crashed still has the bytes its last segments carry.
// It is also the pcap writer's payload source: a captured TCP segment shows the bytes its sending
// stream still holds at its sequence numbers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "models/net/payload_source.h"
#include "models/tcp/tcp_layer.h"
#include "sim/prefetch.h"

namespace netsim::tcp {

class ByteStream;

// What the application above a stream implements.
class StreamListener {
 public:
  virtual ~StreamListener() = default;
  // The connection is ESTABLISHED.
  virtual void on_stream_open(ByteStream&) {}
  // `bytes` arrived in order. The view is valid during the call only.
  virtual void on_stream_data(ByteStream& stream, std::string_view bytes) = 0;
  // The peer closed its direction (FIN): no more bytes will come.
  virtual void on_stream_peer_closed(ByteStream&) {}
  // The connection is gone: `event` is Closed, Reset, ConnectFailed or TimedOut.
  virtual void on_stream_closed(ByteStream& stream, TcpEvent::Kind why) = 0;
};

class StreamDirectory;

class ByteStream final : public TcpObserver {
 public:
  ByteStream(StreamDirectory& directory, TcpSocket& socket, StreamListener* listener);
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Hands the stream to another application (an HTTP server upgrading to WebSocket), or to
  // nobody (null: bytes that still arrive are dropped, and the peer's FIN is answered with ours).
  void set_listener(StreamListener* listener) { listener_ = listener; }
  StreamListener* listener() const { return listener_; }

  // Queues bytes after everything written before; TCP takes them as its send buffer allows.
  void write(std::string_view bytes);
  // Orderly close once everything written has been sent (a FIN follows the data).
  void close();
  // Sends a RST and forgets the connection (RFC 9293 §3.10.4 ABORT).
  void abort();

  TcpSocket& socket() { return socket_; }
  const TcpSocket& socket() const { return socket_; }
  // Warms the cache for a write coming soon: the buffer's tail and the whole socket (a send
  // reads its send state, RTT estimator, addresses and timer, spread over most of its lines;
  // fetching only the first 4 left the rest as misses in a broadcast's loop). Reads this
  // stream's own fields only.
  void prefetch_write() const {
    __builtin_prefetch(sent_.data() + sent_.size());
    sim::prefetch_object(&socket_);
  }
  bool open() const { return open_; }    // established and not yet closed, reset or timed out
  bool ended() const { return ended_; }  // the connection is gone
  std::uint64_t bytes_written() const { return written_; }
  std::uint64_t bytes_read() const { return read_; }
  // Bytes written by the application that TCP has not yet acknowledged (including those still
  // waiting for room in the send buffer).
  std::uint64_t unacknowledged() const { return written_ - acked_; }
  // Bytes written that TCP's send buffer has not taken yet.
  std::uint64_t backlog() const { return written_ - to_tcp_; }

  // The bytes at stream offsets [from, from + length) if still held (for the peer and pcap).
  std::string_view sent_bytes(std::uint64_t from, std::uint64_t length) const;
  // The same, addressed by the sequence number of the first byte: stream offset 0 is ISS + 1
  // (the SYN takes the ISS, RFC 9293 §3.4). Empty if not all held.
  std::string_view sent_bytes_at(SeqNum seq, std::uint64_t length) const;

  void on_tcp_event(TcpSocket& socket, const TcpEvent& event) override;

  // How much of the front of a send buffer the receive states list: a few
  // messages (a broadcast's are tens of bytes, and the buffer empties as they are acknowledged).
  static constexpr std::size_t kListedBytes = 128;

 private:
  void push();
  void read_to(std::uint64_t delivered);
  void trim(std::uint64_t acked);
  void end(TcpEvent::Kind why);

  StreamDirectory& directory_;
  TcpSocket& socket_;
  StreamListener* listener_;
  const ByteStream* peer_ = nullptr;  // found on the first delivery

  std::string sent_;            // bytes from stream offset base_ on: unacknowledged or unsent
  std::uint64_t base_ = 0;      // stream offset of sent_[0]
  std::uint64_t written_ = 0;   // bytes the application wrote
  std::uint64_t to_tcp_ = 0;    // bytes TCP's send buffer took
  std::uint64_t acked_ = 0;     // bytes the peer acknowledged
  std::uint64_t read_ = 0;      // bytes read from the peer
  bool close_pending_ = false;  // close() waits for the application's bytes to reach TCP
  bool open_ = false;
  bool ended_ = false;
  // The fronts of the send buffers in the socket's receive state (net::ReceiveState).
  net::ReceiveState::Listing own_bytes_;   // sent_
  net::ReceiveState::Listing peer_bytes_;  // the peer's sent_
};

class StreamDirectory final : public net::PayloadSource {
 public:
  StreamDirectory() = default;
  StreamDirectory(const StreamDirectory&) = delete;
  StreamDirectory& operator=(const StreamDirectory&) = delete;

  // Active open from `layer`'s node to remote:port.
  ByteStream& connect(TcpLayer& layer, net::Ipv4Address remote, std::uint16_t port,
                      const TcpConfig& config, StreamListener* listener);
  // Wraps a socket a TcpAcceptor was just handed (in SYN-RECEIVED).
  ByteStream& accept(TcpSocket& socket, StreamListener* listener);

  // The stream that sends from local:local_port to remote:remote_port, if any.
  const ByteStream* find(net::Ipv4Address local, std::uint16_t local_port, net::Ipv4Address remote,
                         std::uint16_t remote_port) const;

  std::size_t size() const { return streams_.size(); }
  // Application bytes written on every stream (both directions; retransmissions not counted).
  std::uint64_t bytes_written() const {
    std::uint64_t n = 0;
    for (const auto& s : streams_) n += s->bytes_written();
    return n;
  }

  // For pcap output: the bytes a TCP segment carries, from the stream that sent it (found by the
  // segment's source and destination address and port), if that stream still holds them.
  bool fill_payload(const net::Packet& packet, std::span<std::uint8_t> payload) const override;

 private:
  ByteStream& add(TcpSocket& socket, StreamListener* listener);

  using Key = std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;
  std::vector<std::unique_ptr<ByteStream>> streams_;
  std::map<Key, ByteStream*> by_address_;  // the latest stream for each address pair
};

}  // namespace netsim::tcp
