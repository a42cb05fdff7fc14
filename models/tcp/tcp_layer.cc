#include "models/tcp/tcp_layer.h"

#include "models/net/network.h"
#include "sim/assert.h"

namespace netsim::tcp {

TcpSocket::TcpSocket(TcpLayer& layer, std::shared_ptr<const TcpConfig> config, std::uint32_t iss,
                     net::Ipv4Address remote, std::uint16_t remote_port, std::uint16_t local_port)
    : layer_(layer),
      connection_(std::move(config), iss),
      remote_(remote),
      remote_port_(remote_port),
      local_port_(local_port) {
  receive_state_.add_object(this);
}

net::Node& TcpSocket::node() { return layer_.node(); }

net::Ipv4Address TcpSocket::local_address() const { return layer_.node().address(); }

sim::Time TcpSocket::now() const { return layer_.simulator().now(); }

void TcpSocket::connect() {
  connection_.connect(layer_.simulator().now());
  flush();
}

void TcpSocket::fail_to_bind() {
  connection_.fail_to_bind(layer_.simulator().now());
  flush();
}

std::uint64_t TcpSocket::send(std::uint64_t bytes) {
  const std::uint64_t accepted = connection_.send(layer_.simulator().now(), bytes);
  flush();
  return accepted;
}

void TcpSocket::close() {
  connection_.close(layer_.simulator().now());
  flush();
}

void TcpSocket::abort() {
  connection_.abort(layer_.simulator().now());
  flush();
}

void TcpSocket::list_table_slot(const void* slot) {
  receive_state_.relist(table_slot_, slot, SocketTable::kSlotBytes);
}

void TcpSocket::listen() { connection_.listen(); }

void TcpSocket::deliver(const TcpSegment& segment) {
  connection_.on_segment(layer_.simulator().now(), segment);
  flush();
}

void TcpSocket::end_time_wait() {
  connection_.end_time_wait();
  flush();
}

void TcpSocket::flush() {
  // Segments first, then events: an application reacting to an event (writing more) sees a
  // connection whose earlier output is already on its way.
  for (const TcpSegment& s : connection_.outbox()) layer_.transmit(s, *this);
  connection_.outbox().clear();
  // Before the events: an observer may connect again at once, and find the port free.
  release_if_closed();
  if (!connection_.events().empty()) {
    TcpEventList events;
    events.swap(connection_.events());
    for (const TcpEvent& e : events) {
      if (observer_ != nullptr) observer_->on_tcp_event(*this, e);
    }
    // Observers may have written or closed: send that too.
    for (const TcpSegment& s : connection_.outbox()) layer_.transmit(s, *this);
    connection_.outbox().clear();
    release_if_closed();
  }
  arm();
  // An ACK that arrives may make a segment (more data, a FIN): it is written to the outbox,
  // and read back at once.
  if (connection_.outbox().capacity() > 0)
    receive_state_.relist(outbox_, connection_.outbox().data(), 2 * sizeof(TcpSegment));
  if (TcpFlushHook* hook = layer_.flush_hook()) hook->on_flush(*this);
}

void TcpSocket::release_if_closed() {
  if (!holds_ephemeral_ || connection_.state() != TcpState::Closed) return;
  holds_ephemeral_ = false;
  layer_.release_ephemeral(remote_, remote_port_);
}

void TcpSocket::arm() {
  sim::Simulator& simulator = layer_.simulator();
  alarm_.arm<&TcpSocket::on_timer_event>(simulator, connection_.next_deadline(), this);
  // The next segment will likely move or cancel this event (an ACK ending the retransmission
  // timer): its node, long out of the cache by then, is fetched with the socket.
  if (const void* node = simulator.event_address(alarm_.pending()))
    receive_state_.relist(alarm_node_, node, sim::EventQueue::kNodeBytes);
}

void TcpSocket::on_timer_event(sim::Time scheduled) {
  alarm_.fired(scheduled);
  const sim::Time now = layer_.simulator().now();
  const auto deadline = connection_.next_deadline();
  if (deadline && *deadline <= now) connection_.on_timer(now);
  flush();
}

TcpLayer::TcpLayer(net::Node& node, sim::Simulator& simulator, sim::Rng iss_stream)
    : node_(node), simulator_(simulator), iss_stream_(iss_stream) {
  node.attach(net::IpProtocol::Tcp, this);
}

bool TcpLayer::is_live(const TcpSocket* socket) {
  return socket != nullptr && socket->connection().state() != TcpState::Closed;
}

TcpSocket& TcpLayer::add(const TcpConfig& config, net::Ipv4Address remote,
                         std::uint16_t remote_port, std::uint16_t local_port) {
  const auto iss = static_cast<std::uint32_t>(iss_stream_.next_u64());
  TcpSocket& s = *owned_.emplace_back(
      std::make_unique<TcpSocket>(*this, shared(config), iss, remote, remote_port, local_port));
  const Key k = key(remote.value(), remote_port, local_port);
  const void* const table = sockets_.storage();
  if (!sockets_.insert(k, &s)) {
    // RFC 9293 §3.3.2: a CLOSED connection has no TCB; its address pair (after TIME-WAIT, which
    // keeps the socket out of CLOSED for 2·MSL) is free for a new connection, which takes over
    // the entry. The old socket stays (owned_) for the reports.
    NETSIM_ASSERT(!is_live(sockets_.find(k)), "two TCP sockets with the same address pair");
    sockets_.replace(k, &s);
  }
  order_.push_back(&s);
  if (sockets_.storage() == table) {
    s.list_table_slot(sockets_.slot_address(k));
  } else {  // the table grew: every slot moved
    for (TcpSocket* o : order_) o->list_table_slot(table_slot(*o));
  }
  return s;
}

std::shared_ptr<const TcpConfig> TcpLayer::shared(const TcpConfig& config) {
  // A handful of distinct configs per layer at most (one per listener or application kind).
  for (const std::shared_ptr<const TcpConfig>& c : configs_) {
    if (*c == config) return c;
  }
  return configs_.emplace_back(std::make_shared<const TcpConfig>(config));
}

TcpSocket& TcpLayer::connect(net::Ipv4Address remote, std::uint16_t remote_port,
                             const TcpConfig& config, TcpObserver* observer) {
  // Ephemeral ports from 49152 (RFC 6335 §6), skipping any in use with this peer.
  // A host has 16,384 ephemeral ports per peer address and port (open connections and those
  // closing or in TIME-WAIT hold theirs; closed ones are free again).
  constexpr std::uint32_t kEphemeralPorts = 16384;
  std::uint32_t& in_use = ephemeral_in_use_[key(remote.value(), remote_port, 0)];
  std::uint16_t port = next_ephemeral_;
  bool found = in_use < kEphemeralPorts;
  for (std::uint32_t tried = 0;
       found && (is_live(sockets_.find(key(remote.value(), remote_port, port))) ||
                 listeners_.count(port) > 0);) {
    port = port == 65535 ? 49152 : port + 1;
    found = ++tried < kEphemeralPorts;
  }
  if (!found) {
    // No SYN goes out, so no ISS is drawn; the socket is in no demultiplexing table.
    TcpSocket& s = *owned_.emplace_back(
        std::make_unique<TcpSocket>(*this, shared(config), 0, remote, remote_port, 0));
    s.set_observer(observer);
    simulator_.schedule_at(simulator_.now(), [&s] { s.fail_to_bind(); });
    return s;
  }
  next_ephemeral_ = port == 65535 ? 49152 : port + 1;
  TcpSocket& s = add(config, remote, remote_port, port);
  ++in_use;
  s.hold_ephemeral(true);
  s.set_observer(observer);
  s.connect();
  return s;
}

void TcpLayer::release_ephemeral(net::Ipv4Address remote, std::uint16_t remote_port) {
  --ephemeral_in_use_[key(remote.value(), remote_port, 0)];
}

void TcpLayer::crash() {
  // In creation order (the hash table's order is not the run's business).
  for (TcpSocket* s : order_) {
    if (sockets_.find(key(s->remote().value(), s->remote_port(), s->local_port())) == s)
      s->connection().forget();
    s->hold_ephemeral(false);
  }
  sockets_.clear();  // the sockets themselves stay (owned_) for the reports
  ephemeral_in_use_.clear();
}

void TcpLayer::listen(std::uint16_t port, const TcpConfig& config, TcpAcceptor* acceptor) {
  listeners_[port] = Listener{config, acceptor};
}

void TcpLayer::transmit(const TcpSegment& segment, const TcpSocket& from) {
  const net::PacketId id =
      make_packet(segment, from.local_port(), from.remote(), from.remote_port());
  net::Packet& p = node_.network().packets()[id];
  p.sender_state = &from.receive_state();
  p.receiver_state = from.peer_state();
  node_.send(id);
}

net::PacketId TcpLayer::make_packet(const TcpSegment& segment, std::uint16_t local_port,
                                    net::Ipv4Address remote, std::uint16_t remote_port) {
  net::Network& network = node_.network();
  const net::PacketId id = network.packets().allocate();
  net::Packet& p = network.packets()[id];
  p.ip.protocol = net::IpProtocol::Tcp;
  p.ip.source = node_.address();
  p.ip.destination = remote;
  p.ip.identification = node_.next_identification();
  p.ip.dont_fragment = true;  // TCP uses path MTU discovery (RFC 1191), as Linux sets DF
  p.tcp = segment.header;
  p.tcp.source_port = local_port;
  p.tcp.destination_port = remote_port;
  p.payload = sim::Bytes(segment.length);
  p.ip.total_length =
      static_cast<std::uint16_t>(net::kIpv4HeaderBytes + p.tcp.header_bytes() + segment.length);
  return id;
}

void TcpLayer::reset_unknown(const net::Packet& packet) {
  // RFC 9293 §3.10.7.1: a segment for no connection gets a RST (never in answer to a RST).
  TcpSegment in;
  in.header = packet.tcp;
  in.length = static_cast<std::uint32_t>(packet.payload.count());
  if (in.has(net::tcp_flags::kRst)) return;
  TcpSegment rst;
  if (in.has(net::tcp_flags::kAck)) {
    rst.header.flags = net::tcp_flags::kRst;
    rst.header.sequence = in.header.acknowledgment;
  } else {
    rst.header.flags = net::tcp_flags::kRst | net::tcp_flags::kAck;
    rst.header.acknowledgment = (in.seq() + in.seq_length()).value();
  }
  // No socket of ours sends it: the packet names none.
  node_.send(
      make_packet(rst, packet.tcp.destination_port, packet.ip.source, packet.tcp.source_port));
}

void TcpLayer::receive(net::PacketId id) {
  net::Network& network = node_.network();
  const net::Packet& packet = network.packets()[id];
  TcpSegment segment;
  segment.header = packet.tcp;
  segment.length = static_cast<std::uint32_t>(packet.payload.count());
  const Key k = key(packet.ip.source.value(), packet.tcp.source_port, packet.tcp.destination_port);
  const net::Ipv4Address source = packet.ip.source;
  TcpSocket* socket = sockets_.find(k);
  // A SYN opens a connection on a listening port when its pair has none, or only one that has
  // closed (the peer reused its port), or one in TIME-WAIT that the SYN may take over (RFC 6191:
  // the peer reused its port before our 2·MSL ended); anything else for a known pair goes to its
  // socket, even a closed one, which answers it.
  const bool syn = segment.has(net::tcp_flags::kSyn) && !segment.has(net::tcp_flags::kAck) &&
                   !segment.has(net::tcp_flags::kRst);
  auto listener = syn ? listeners_.find(packet.tcp.destination_port) : listeners_.end();
  if (listener != listeners_.end() && socket != nullptr &&
      socket->connection().reusable_by(segment)) {
    socket->end_time_wait();
  }
  if (is_live(socket)) listener = listeners_.end();
  const net::ReceiveState* const peer_state = packet.sender_state;
  if (socket != nullptr && listener == listeners_.end()) {
    network.packets().release(id);
    socket->set_peer_state(peer_state);
    socket->deliver(segment);
    return;
  }
  if (listener != listeners_.end()) {
    network.packets().release(id);
    TcpSocket& s =
        add(listener->second.config, source, packet.tcp.source_port, packet.tcp.destination_port);
    s.set_peer_state(peer_state);
    s.listen();
    if (listener->second.acceptor != nullptr)
      s.set_observer(listener->second.acceptor->on_accept(s));
    s.deliver(segment);
    return;
  }
  reset_unknown(packet);
  network.drop(id, net::DropReason::NoListener);
}

}  // namespace netsim::tcp
