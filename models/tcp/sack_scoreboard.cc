#include "models/tcp/sack_scoreboard.h"

#include <algorithm>

namespace netsim::tcp {

void SackScoreboard::update(SeqNum snd_una, SeqNum snd_max,
                            std::span<const net::SackBlock> blocks) {
  for (const auto& b : blocks) {
    SeqRange r{SeqNum(b.left), SeqNum(b.right)};
    // RFC 2018: ignore blocks that are malformed or outside what we sent.
    if (r.end <= r.begin || r.end <= snd_una || r.end > snd_max) continue;
    if (r.begin < snd_una) r.begin = snd_una;
    ranges_.push_back(r);
  }
  // Prune below the cumulative ACK, then sort and merge.
  for (auto& r : ranges_) {
    if (r.begin < snd_una) r.begin = snd_una;
  }
  std::erase_if(ranges_, [&](const SeqRange& r) { return r.end <= snd_una || r.end <= r.begin; });
  std::sort(ranges_.begin(), ranges_.end(),
            [](const SeqRange& a, const SeqRange& b) { return a.begin < b.begin; });
  std::vector<SeqRange> merged;
  for (const auto& r : ranges_) {
    if (!merged.empty() && r.begin <= merged.back().end) {
      merged.back().end = seq_max(merged.back().end, r.end);
    } else {
      merged.push_back(r);
    }
  }
  ranges_ = std::move(merged);
}

bool SackScoreboard::is_sacked(SeqNum seq) const {
  for (const auto& r : ranges_) {
    if (seq >= r.begin && seq < r.end) return true;
  }
  return false;
}

std::optional<SeqNum> SackScoreboard::highest_sacked() const {
  if (ranges_.empty()) return std::nullopt;
  return ranges_.back().end;
}

SeqNum SackScoreboard::lost_boundary(SeqNum snd_una, std::uint32_t dupthresh,
                                     std::uint32_t mss) const {
  std::uint32_t count = 0;
  std::uint64_t bytes = 0;
  for (auto it = ranges_.rbegin(); it != ranges_.rend(); ++it) {
    ++count;
    bytes += it->length();
    if (count >= dupthresh || bytes > static_cast<std::uint64_t>(dupthresh - 1) * mss)
      return it->begin;
  }
  return snd_una;  // nothing is lost
}

std::uint32_t SackScoreboard::pipe(SeqNum snd_una, SeqNum snd_max, SeqNum high_rxt,
                                   std::uint32_t dupthresh, std::uint32_t mss) const {
  const SeqNum lost_below = lost_boundary(snd_una, dupthresh, mss);
  std::uint64_t pipe = 0;
  // Walk the holes (unsacked stretches) of [snd_una, snd_max).
  SeqNum at = snd_una;
  auto add_hole = [&](SeqNum begin, SeqNum end) {
    if (end <= begin) return;
    // Original transmission still in flight: the part at or above the lost boundary.
    const SeqNum not_lost = seq_max(begin, lost_below);
    if (end > not_lost) pipe += seq_distance(not_lost, end);
    // Retransmissions in flight: the part up to high_rxt.
    const SeqNum rxt_end = seq_min(end, high_rxt);
    if (rxt_end > begin) pipe += seq_distance(begin, rxt_end);
  };
  for (const auto& r : ranges_) {
    add_hole(at, seq_min(r.begin, snd_max));
    at = seq_max(at, r.end);
  }
  add_hole(at, snd_max);
  return static_cast<std::uint32_t>(pipe);
}

std::optional<SeqRange> SackScoreboard::first_hole(SeqNum from, SeqNum limit) const {
  SeqNum at = from;
  for (const auto& r : ranges_) {
    if (r.end <= at) continue;
    if (r.begin > at) break;
    at = r.end;  // `at` is inside this sacked range: skip past it
  }
  if (at >= limit) return std::nullopt;
  SeqNum end = limit;
  for (const auto& r : ranges_) {
    if (r.begin > at) {
      end = seq_min(end, r.begin);
      break;
    }
  }
  return SeqRange{at, end};
}

}  // namespace netsim::tcp
