// Samples TCP connections' internals over time for timeseries.csv: cwnd, ssthresh, SRTT, RTO,
// bytes in flight and both windows, every `interval` or whenever one of them changes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "models/tcp/tcp_layer.h"
#include "sim/simulator.h"

namespace netsim::tcp {

struct TcpSample {
  sim::Time at;
  std::uint32_t source = 0;  // index of the watched socket
  std::uint32_t cwnd = 0;
  std::uint32_t ssthresh = 0;
  sim::Duration srtt;
  sim::Duration rto;
  std::uint32_t in_flight = 0;
  std::uint32_t send_window = 0;     // the peer's advertised window
  std::uint32_t receive_window = 0;  // our free receive buffer
  TcpState state = TcpState::Closed;
  bool same_values(const TcpSample& o) const {
    return cwnd == o.cwnd && ssthresh == o.ssthresh && srtt == o.srtt && rto == o.rto &&
           in_flight == o.in_flight && send_window == o.send_window &&
           receive_window == o.receive_window && state == o.state;
  }
};

class TcpSampler final : public TcpFlushHook {
 public:
  // Sampling on change when `interval` is empty.
  TcpSampler(sim::Simulator& simulator, std::optional<sim::Duration> interval)
      : simulator_(simulator), interval_(interval) {}

  // A socket to watch; `socket` returns it once it exists (null before).
  std::uint32_t watch(std::function<const TcpSocket*()> socket);
  void start();

  void on_flush(const TcpSocket& socket) override;
  const std::vector<TcpSample>& samples() const { return samples_; }

 private:
  void sample_all();
  void record(std::uint32_t source, const TcpSocket& socket);

  sim::Simulator& simulator_;
  std::optional<sim::Duration> interval_;
  std::vector<std::function<const TcpSocket*()>> sources_;
  std::vector<std::optional<TcpSample>> last_;
  std::vector<TcpSample> samples_;
};

}  // namespace netsim::tcp
