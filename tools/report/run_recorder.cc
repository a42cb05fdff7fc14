#include "tools/report/run_recorder.h"

#include <stdexcept>

#include "tools/report/run_report.h"

namespace netsim::report {

class RunRecorder::FlowRecorder final : public apps::MessageSink {
 public:
  FlowRecorder(const apps::MessageLog& log, std::optional<std::filesystem::path> part)
      : log_(log), part_(std::move(part)) {
    if (part_) {
      rows_.open(*part_, std::ios::binary | std::ios::trunc);
      if (!rows_) throw std::runtime_error("cannot write " + part_->string());
    }
  }

  void on_settled(std::uint64_t sequence, const apps::MessageRecord& record) override {
    summary_.add(record);
    if (part_) write_message_row(rows_, log_.flow(), log_.transport(), sequence, record);
  }

  FlowSummary finish() { return summary_.finish(log_); }

  // Appends the part to `out` and removes it.
  void append_to(std::ostream& out) {
    if (!part_) return;
    rows_.close();
    if (!rows_) throw std::runtime_error("writing " + part_->string() + " failed (disk full?)");
    std::ifstream in(*part_, std::ios::binary);
    // An empty part would set failbit on `out` when copied; a flow may have no messages.
    if (in.peek() != std::ifstream::traits_type::eof()) out << in.rdbuf();
    in.close();
    std::filesystem::remove(*part_);
  }

 private:
  const apps::MessageLog& log_;
  std::optional<std::filesystem::path> part_;
  std::ofstream rows_;
  FlowSummaryBuilder summary_;
};

RunRecorder::RunRecorder(scenario::ScenarioRun& run,
                         std::optional<std::filesystem::path> parts_folder)
    : run_(run), parts_folder_(std::move(parts_folder)) {
  for (std::size_t i = 0; i < run_.logs().size(); ++i) {
    std::optional<std::filesystem::path> part;
    if (parts_folder_) part = *parts_folder_ / (".messages-" + std::to_string(i) + ".csv");
    flows_.push_back(std::make_unique<FlowRecorder>(*run_.logs()[i], part));
    run_.logs()[i]->stream_to(flows_.back().get());
  }
}

RunRecorder::~RunRecorder() {
  // The logs outlive the recorders only inside the run; stop them from calling back.
  for (const auto& log : run_.logs()) log->stream_to(nullptr);
}

std::vector<FlowSummary> RunRecorder::finish(const scenario::ScenarioConfig& config) {
  std::vector<FlowSummary> out;
  for (std::size_t i = 0; i < flows_.size(); ++i) {
    run_.logs()[i]->finish();
    out.push_back(flows_[i]->finish());
  }
  // Bulk transfers have no messages: their goodput is the receiver's bytes over the window.
  for (const auto& f : run_.tcp_flows()) {
    const scenario::TrafficConfig& flow = config.traffic[f.flow_index];
    if (flow.app != scenario::App::Bulk) continue;
    const tcp::TcpSocket* server = f.server();
    const double bytes =
        server != nullptr ? static_cast<double>(server->connection().stats().bytes_delivered) : 0;
    out[f.flow_index].goodput_mbps =
        bytes * 8 / (flow.bulk.stop - flow.bulk.start).to_seconds() * 1e-6;
  }
  return out;
}

void RunRecorder::write_messages_csv(std::ostream& out) {
  write_messages_header(out);
  for (const auto& flow : flows_) flow->append_to(out);
}

}  // namespace netsim::report
