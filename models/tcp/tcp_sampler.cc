#include "models/tcp/tcp_sampler.h"

namespace netsim::tcp {

std::uint32_t TcpSampler::watch(std::function<const TcpSocket*()> socket) {
  sources_.push_back(std::move(socket));
  last_.emplace_back();
  return static_cast<std::uint32_t>(sources_.size() - 1);
}

void TcpSampler::start() {
  if (interval_) simulator_.schedule(sim::Duration::zero(), [this] { sample_all(); });
}

void TcpSampler::sample_all() {
  for (std::uint32_t i = 0; i < sources_.size(); ++i) {
    if (const TcpSocket* s = sources_[i]()) record(i, *s);
  }
  simulator_.schedule(*interval_, [this] { sample_all(); });
}

void TcpSampler::on_flush(const TcpSocket& socket) {
  if (interval_) return;
  for (std::uint32_t i = 0; i < sources_.size(); ++i) {
    if (sources_[i]() == &socket) record(i, socket);
  }
}

void TcpSampler::record(std::uint32_t source, const TcpSocket& socket) {
  const TcpConnection& c = socket.connection();
  TcpSample s;
  s.at = simulator_.now();
  s.source = source;
  s.cwnd = c.cwnd();
  s.ssthresh = c.ssthresh();
  s.srtt = c.rtt().srtt();
  s.rto = c.rtt().rto();
  s.in_flight = c.bytes_in_flight();
  s.send_window = c.send_window();
  s.receive_window = c.receive_window();
  s.state = c.state();
  // On change: only when something moved. At intervals: every time, until the socket closes.
  auto& last = last_[source];
  if (last && last->same_values(s) && (!interval_ || s.state == TcpState::Closed)) return;
  last = s;
  samples_.push_back(s);
}

}  // namespace netsim::tcp
